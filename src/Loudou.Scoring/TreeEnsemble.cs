using Microsoft.ML.Trainers.FastTree;

namespace Loudou.Scoring;

/// <summary>
/// The trees of an ML.NET LightGBM model as flat arrays, walked directly: a score is the bias plus each tree's leaf, and the
/// path to that leaf splits it into per-column contributions.
/// </summary>
/// <remarks>
/// <para>Why not ML.NET's own prediction: going through a data view costs a row object and a cursor per deal, which put a
/// million deals at minutes; these loops take seconds (docs/scoring.md, "Measured"). A test checks both give the same
/// scores.</para>
/// <para>Contributions are Saabas's path attribution: every node has a value, the mean of the leaves below it weighted by how
/// many training rows reached them, and each split on the path adds (value of the child taken − value of the node) to its
/// column. The root values plus a row's contributions sum exactly to its score. The tree view has no missing numbers (they
/// are a sentinel below every real value), so a split is always <c>value ≤ threshold</c> to the left.</para>
/// </remarks>
internal sealed class TreeEnsemble
{
    private readonly Tree[] _trees;
    private readonly double _constant;

    // Every tree's nodes in one array of 16-byte nodes, for the scoring loop: one cache line per node visited, where the
    // per-tree arrays cost four. A child below 0 is ~(index into _leaves), leaf values already times the tree's weight.
    private readonly Node[] _nodes;
    private readonly double[] _leaves;
    private readonly int[] _roots;

    private readonly record struct Node(int Feature, float Threshold, int Left, int Right);

    private TreeEnsemble(Tree[] trees, double constant)
    {
        _trees = trees;
        _constant = constant;
        Bias = constant + trees.Sum(t => t.Weight * t.NodeValue[0]);
        var nodes = new List<Node>();
        var leaves = new List<double>();
        var roots = new List<int>();
        foreach (var tree in trees)
        {
            int nodeBase = nodes.Count, leafBase = leaves.Count;
            int Child(int c) => c >= 0 ? nodeBase + c : ~(leafBase + ~c);
            roots.Add(tree.Left.Length == 0 ? ~leafBase : nodeBase);
            for (var n = 0; n < tree.Left.Length; n++)
            {
                nodes.Add(new Node(tree.Feature[n], tree.Threshold[n], Child(tree.Left[n]), Child(tree.Right[n])));
            }
            leaves.AddRange(tree.Leaf.Select(v => tree.Weight * v));
        }
        (_nodes, _leaves, _roots) = ([.. nodes], [.. leaves], [.. roots]);
    }

    /// <summary>The ensemble's constant plus every tree's root value: the score of a row before any split says anything.</summary>
    public double Bias { get; }

    /// <summary>Builds the ensemble from ML.NET's trees; node values from the rows the trees were trained on.</summary>
    public static TreeEnsemble From(RegressionTreeEnsemble ensemble, FeatureMatrix training) =>
        From(ensemble, (_, tree) => CoversOf(tree, training));

    /// <summary>Builds the ensemble from ML.NET's trees with node covers stored before.</summary>
    public static TreeEnsemble From(RegressionTreeEnsemble ensemble, IReadOnlyList<int[]> covers) => From(ensemble, (t, _) => covers[t]);

    /// <summary>How many training rows reached each node, per tree: stored with the model to rebuild node values.</summary>
    public IReadOnlyList<int[]> Covers => [.. _trees.Select(t => t.Cover)];

    public double Score(ReadOnlySpan<float> row)
    {
        var sum = _constant;
        var nodes = _nodes;
        foreach (var root in _roots)
        {
            var node = root;
            while (node >= 0)
            {
                ref readonly var n = ref nodes[node];
                node = row[n.Feature] <= n.Threshold ? n.Left : n.Right;
            }
            sum += _leaves[~node];
        }
        return sum;
    }

    /// <summary>Adds each column's contribution to <paramref name="into"/>; their sum plus <see cref="Bias"/> is <see cref="Score"/>.</summary>
    public void Contributions(ReadOnlySpan<float> row, Span<double> into)
    {
        foreach (var tree in _trees)
        {
            var node = tree.Left.Length == 0 ? ~0 : 0;
            var value = tree.NodeValue[0];
            while (node >= 0)
            {
                var feature = tree.Feature[node];
                node = row[feature] <= tree.Threshold[node] ? tree.Left[node] : tree.Right[node];
                var next = node >= 0 ? tree.NodeValue[node] : tree.Leaf[~node];
                into[feature] += tree.Weight * (next - value);
                value = next;
            }
        }
    }

    private static TreeEnsemble From(RegressionTreeEnsemble ensemble, Func<int, RegressionTree, int[]> cover)
    {
        var trees = new Tree[ensemble.Trees.Count];
        for (var t = 0; t < trees.Length; t++)
        {
            var source = ensemble.Trees[t];
            if (source.CategoricalSplitFlags.Any(c => c))
            {
                throw new InvalidDataException("a scoring tree splits on a category, which the trees are never trained to do.");
            }
            var tree = new Tree(
                [.. source.LeftChild], [.. source.RightChild], [.. source.NumericalSplitFeatureIndexes], [.. source.NumericalSplitThresholds],
                [.. source.LeafValues], ensemble.TreeWeights[t], cover(t, source));
            trees[t] = tree;
        }
        return new TreeEnsemble(trees, ensemble.Bias);
    }

    /// <summary>Training rows reaching each node (internal nodes first, then leaves at NumberOfNodes + leaf index).</summary>
    private static int[] CoversOf(RegressionTree tree, FeatureMatrix training)
    {
        var cover = new int[tree.NumberOfNodes + tree.NumberOfLeaves];
        var left = tree.LeftChild;
        var right = tree.RightChild;
        var feature = tree.NumericalSplitFeatureIndexes;
        var threshold = tree.NumericalSplitThresholds;
        for (var i = 0; i < training.Rows; i++)
        {
            var row = training.Row(i);
            var node = tree.NumberOfNodes == 0 ? ~0 : 0;
            while (node >= 0)
            {
                cover[node]++;
                node = row[feature[node]] <= threshold[node] ? left[node] : right[node];
            }
            cover[tree.NumberOfNodes + ~node]++;
        }
        return cover;
    }

    private sealed class Tree
    {
        public Tree(int[] left, int[] right, int[] feature, float[] threshold, double[] leaf, double weight, int[] cover)
        {
            Left = left;
            Right = right;
            Feature = feature;
            Threshold = threshold;
            Leaf = leaf;
            Weight = weight;
            Cover = cover;
            NodeValue = new double[Math.Max(1, left.Length)];
            if (left.Length == 0)
            {
                NodeValue[0] = leaf.Length > 0 ? leaf[0] : 0;
                return;
            }
            Fill(0);
        }

        public int[] Left { get; }

        public int[] Right { get; }

        public int[] Feature { get; }

        public float[] Threshold { get; }

        public double[] Leaf { get; }

        public double Weight { get; }

        public int[] Cover { get; }

        /// <summary>Each internal node's value: the cover-weighted mean of the leaves below it.</summary>
        public double[] NodeValue { get; }

        /// <returns>The node's (value × cover, cover).</returns>
        private (double Sum, double Count) Fill(int node)
        {
            if (node < 0)
            {
                var count = Math.Max(1, Cover[Left.Length + ~node]);
                return (Leaf[~node] * count, count);
            }
            var (ls, lc) = Fill(Left[node]);
            var (rs, rc) = Fill(Right[node]);
            NodeValue[node] = (ls + rs) / (lc + rc);
            return (ls + rs, lc + rc);
        }
    }
}
