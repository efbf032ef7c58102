namespace Loudou.Core.Scoring;

/// <summary>Platt scaling: a probability from a model's raw log-odds, p = 1 / (1 + e^−(A·s + B)), A and B fitted on outcomes.</summary>
/// <remarks>
/// A boosted model's raw scores rank well but are not probabilities of the right size; one logistic regression on the score
/// alone fixes the scale. Fitted by Newton's method on the log-loss, with Platt's targets (n₊+1)/(n₊+2) and 1/(n₋+2) instead
/// of 1 and 0, so that a perfectly separated training set still gives finite A and B.
/// </remarks>
public sealed record PlattScaling(double A, double B)
{
    public static PlattScaling Identity { get; } = new(1, 0);

    public double Probability(double score) => 1 / (1 + Math.Exp(-(A * score + B)));

    public static PlattScaling Fit(ReadOnlySpan<double> scores, ReadOnlySpan<bool> won)
    {
        if (scores.Length != won.Length)
        {
            throw new ArgumentException($"{scores.Length} scores but {won.Length} outcomes.");
        }
        var positives = 0;
        foreach (var w in won)
        {
            positives += w ? 1 : 0;
        }
        var negatives = won.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return Identity;
        }
        var hi = (positives + 1.0) / (positives + 2.0);
        var lo = 1.0 / (negatives + 2.0);
        double a = 1, b = 0;
        for (var iteration = 0; iteration < 100; iteration++)
        {
            // Gradient and Hessian of the mean log-loss in (a, b).
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (var i = 0; i < scores.Length; i++)
            {
                var p = 1 / (1 + Math.Exp(-(a * scores[i] + b)));
                var t = won[i] ? hi : lo;
                var d = p - t;
                var w = Math.Max(p * (1 - p), 1e-12);
                ga += d * scores[i];
                gb += d;
                haa += w * scores[i] * scores[i];
                hab += w * scores[i];
                hbb += w;
            }
            // A small ridge keeps the step defined when every score is the same.
            haa += 1e-9;
            hbb += 1e-9;
            var det = haa * hbb - hab * hab;
            var da = (hbb * ga - hab * gb) / det;
            var db = (haa * gb - hab * ga) / det;
            // Backtracking: a full Newton step can overshoot where the loss is flat.
            var before = Loss(scores, won, a, b, hi, lo);
            var step = 1.0;
            while (step > 1e-6 && Loss(scores, won, a - step * da, b - step * db, hi, lo) > before)
            {
                step /= 2;
            }
            a -= step * da;
            b -= step * db;
            if (Math.Abs(step * da) < 1e-10 && Math.Abs(step * db) < 1e-10)
            {
                break;
            }
        }
        return new PlattScaling(a, b);
    }

    private static double Loss(ReadOnlySpan<double> scores, ReadOnlySpan<bool> won, double a, double b, double hi, double lo)
    {
        double loss = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var z = a * scores[i] + b;
            var t = won[i] ? hi : lo;
            // log(1 + e^z) − t·z, written to stay finite for large |z|.
            loss += Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z))) - t * z;
        }
        return loss;
    }
}
