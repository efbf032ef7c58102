namespace Loudou.Core.Scoring;

/// <summary>How closed deals are split to measure a model on deals it did not learn from.</summary>
/// <remarks>
/// Both splits are by deal: every training row of one deal (one per moment it was open, <see cref="TrainingMoments"/>) falls on
/// the same side, or a model would be tested on moments of deals it learnt.
/// </remarks>
public static class ScoringSplits
{
    /// <summary>The share of deals, earliest first, the time split trains on; the rest test.</summary>
    public const double TrainShare = 0.8;

    /// <summary>
    /// The deals in time order: by creation time when every deal has one, else by import order (the id), since a file's rows
    /// follow time in the data sets that lack dates. Ties keep import order.
    /// </summary>
    /// <returns>Indices into <paramref name="deals"/>.</returns>
    public static int[] TimeOrder(IReadOnlyList<ScoringDeal> deals, out bool byCreation)
    {
        var dated = deals.All(d => d.CreatedAt is not null);
        byCreation = dated;
        return [.. Enumerable.Range(0, deals.Count)
            .OrderBy(i => dated ? deals[i].CreatedAt!.Value.UtcTicks : 0)
            .ThenBy(i => deals[i].Id)];
    }

    /// <summary>The time split: whether each deal is in the earliest <see cref="TrainShare"/> (true) or tested (false).</summary>
    public static bool[] TimeSplit(IReadOnlyList<ScoringDeal> deals, out bool byCreation)
    {
        var order = TimeOrder(deals, out byCreation);
        var train = new bool[deals.Count];
        var cut = (int)Math.Round(TrainShare * deals.Count, MidpointRounding.AwayFromZero);
        for (var k = 0; k < cut; k++)
        {
            train[order[k]] = true;
        }
        return train;
    }

    /// <summary>Folds for cross-validation: each deal's fold 0..k−1, won and lost deals dealt out in turn after a seeded shuffle.</summary>
    /// <remarks>Stratified, so every fold holds about the same share of won deals; the same seed gives the same folds.</remarks>
    public static int[] Folds(IReadOnlyList<bool> won, int k, int seed)
    {
        var random = new Random(seed);
        var fold = new int[won.Count];
        foreach (var outcome in new[] { true, false })
        {
            var members = Enumerable.Range(0, won.Count).Where(i => won[i] == outcome).ToArray();
            random.Shuffle(members);
            for (var j = 0; j < members.Length; j++)
            {
                fold[members[j]] = j % k;
            }
        }
        return fold;
    }
}

/// <summary>The moments a closed deal is read at to train: it was open then, and its outcome is the label.</summary>
/// <remarks>
/// A deal is scored while open, at any age, so it learns from every age it lived through: its creation, and 1, 3, 7, 14, 30, 60,
/// 90, 180 and 365 days after, each while still open (before its close). A deal without a creation time, or that closed at once,
/// gives one row of its fields alone (moment null). Scoring reads an open deal as of now.
/// </remarks>
public static class TrainingMoments
{
    public static readonly double[] AgesInDays = [0, 1, 3, 7, 14, 30, 60, 90, 180, 365];

    public static IReadOnlyList<DateTimeOffset?> Of(ScoringDeal deal)
    {
        if (deal.CreatedAt is not { } created || deal.ClosedAt is not { } closed || closed <= created)
        {
            return [null];
        }
        var moments = new List<DateTimeOffset?>();
        foreach (var age in AgesInDays)
        {
            var at = created.AddDays(age);
            if (at >= closed)
            {
                break;
            }
            moments.Add(at);
        }
        return moments;
    }
}
