using Loudou.Core.Analytics;
using Loudou.Core.Pipelines;

namespace Loudou.Core.Alerts.Rules;

/// <summary>Evaluates alert rules over the funnel's facts, all of a run together (docs/metrics.md, "Alerts").</summary>
/// <remarks>
/// The tests are the bottleneck engine's: exit-based conversion and win rate by the two-proportion score test with a Wilson
/// interval, time in stage by the log-rank test over stays begun in each window, new leads by the conditional test of two
/// Poisson rates, won amount by a compound-Poisson normal approximation. Every change tested in one run shares one
/// Benjamini–Hochberg correction, so adding rules on many segments does not multiply false alarms. The evaluation reads
/// every deal of the pipeline: alerts are the workspace's, and who sees an episode is decided where it is stored.
/// </remarks>
public static class AlertEvaluator
{
    /// <summary>A change holds when its q-value is at most this.</summary>
    public const double Alpha = 0.05;

    /// <summary>Over the plain snapshot: the reference the columnar path is tested against.</summary>
    public static AlertEvaluation Evaluate(FunnelSnapshot snapshot, IReadOnlyList<AlertRuleInput> rules, DateTimeOffset? asOf, DateTimeOffset now) =>
        Evaluate(FunnelEngine.Facts(snapshot, new FunnelQuery { AsOf = asOf }, now), rules);

    /// <summary>Over the columnar snapshot a host keeps; the same answer as the plain path's.</summary>
    public static AlertEvaluation Evaluate(ColumnarSnapshot snapshot, IReadOnlyList<AlertRuleInput> rules, DateTimeOffset? asOf, DateTimeOffset now, int threads = 0) =>
        Evaluate(FunnelEngine.Facts(snapshot, new FunnelQuery { AsOf = asOf }, now, threads), rules);

    /// <summary>The evaluation window of a condition at a moment: the full local months before the moment's month, and the baseline before them.</summary>
    public static (DateTimeOffset From, DateTimeOffset ToExcl, DateTimeOffset BaselineFrom) Windows(Workspace.WorkspaceCalendar calendar, DateTimeOffset asOf, AlertCondition condition)
    {
        var month = calendar.MonthOf(asOf);
        return (calendar.StartOf(month.AddMonths(-condition.EvaluationMonths)), calendar.StartOf(month),
            calendar.StartOf(month.AddMonths(-condition.EvaluationMonths - condition.BaselineMonths)));
    }

    private static AlertEvaluation Evaluate(FunnelFacts facts, IReadOnlyList<AlertRuleInput> rules)
    {
        var segments = new Dictionary<(string, string), List<FactView>>();
        var measured = new List<Measured>();
        foreach (var rule in rules)
        {
            var condition = rule.Condition;
            var deals = condition.Segment is { } segment ? SegmentOf(facts, segment, segments) : facts.Deals;
            measured.Add(Measure(facts, rule, deals));
        }
        var tested = measured.Where(m => m.PValue is not null).ToList();
        var q = BenjaminiHochberg.QValues([.. tested.Select(m => m.PValue!.Value)]);
        for (var i = 0; i < tested.Count; i++)
        {
            tested[i].QValue = q[i];
        }
        var results = measured.Select(m => m.Result()).ToList();
        return new AlertEvaluation(facts.Pipeline, facts.AsOf, tested.Count, Alpha, results);
    }

    private static List<FactView> SegmentOf(FunnelFacts facts, AlertSegment segment, Dictionary<(string, string), List<FactView>> cache)
    {
        if (!cache.TryGetValue((segment.Dimension, segment.Value), out var deals))
        {
            deals = [.. facts.Deals.Where(d => facts.Values(d, segment.Dimension).Contains(segment.Value, StringComparer.Ordinal))];
            cache[(segment.Dimension, segment.Value)] = deals;
        }
        return deals;
    }

    private static Measured Measure(FunnelFacts facts, AlertRuleInput rule, IReadOnlyList<FactView> deals)
    {
        var condition = rule.Condition;
        var (from, toExcl, baselineFrom) = Windows(facts.Calendar, facts.AsOf, condition);
        var m = new Measured(rule, from, toExcl, baselineFrom);
        var row = -1;
        if (condition.IsStageMetric)
        {
            row = facts.Rows.ToList().FindIndex(s => s.Kind == StageKind.Open && s.Key == condition.Stage);
            if (row < 0)
            {
                m.Reason = "unknownStage";
                return m;
            }
        }
        var (observed, baseline) = condition.Metric switch
        {
            AlertMetrics.Conversion => Proportions(deals, d => d.Exits[row] is { } exit ? (exit.At, exit.Advanced) : null, from, toExcl, baselineFrom),
            AlertMetrics.WinRate => Proportions(deals, d => d.ClosedAt is { } at && d.Outcome is StageKind.Won or StageKind.Lost ? (at, d.Outcome == StageKind.Won) : null, from, toExcl, baselineFrom),
            AlertMetrics.TimeInStage => (Stays(deals, row, from, toExcl), Stays(deals, row, baselineFrom, from)),
            AlertMetrics.NewLeads => Counts(facts, deals, from, toExcl, baselineFrom, condition),
            _ => Amounts(deals, from, toExcl, baselineFrom, condition),
        };
        m.Observe(observed);
        if (condition.Threshold is { } threshold)
        {
            Threshold(m, facts, threshold, row);
        }
        else
        {
            Change(m, observed, baseline);
        }
        return m;
    }

    private static void Threshold(Measured m, FunnelFacts facts, AlertThreshold threshold, int row)
    {
        var condition = m.Rule.Condition;
        var line = threshold.Below ?? threshold.Above;
        if (threshold.BelowTarget)
        {
            // The target of the evaluation window's last month, most specific first, as the bottleneck engine picks it.
            var team = condition.Segment is { Dimension: "team" } segment ? segment.Value : null;
            line = StageTargets.For(facts.Targets, facts.Rows[row].Id, team, facts.Calendar.MonthOf(m.ToExcl.AddTicks(-1)));
            if (line is null)
            {
                m.Reason = "noTarget";
                return;
            }
        }
        m.Baseline = line;
        if (m.N < condition.MinN)
        {
            m.Reason = "tooFew";
            return;
        }
        if (m.Observed is not { } observed)
        {
            m.Reason = "noMedian";
            return;
        }
        m.ThresholdHolds = threshold.Above is { } above ? observed > above : observed < line;
    }

    private static void Change(Measured m, Sample observed, Sample baseline)
    {
        var condition = m.Rule.Condition;
        m.BaselineToExcl = m.From;
        m.Baseline = baseline.Value;
        m.BaselineN = baseline.N;
        if (observed.N < condition.MinN || baseline.N < condition.MinN)
        {
            m.Reason = "tooFew";
            return;
        }
        if (observed.Value is null || baseline.Value is null)
        {
            m.Reason = "noMedian";
            return;
        }
        // z > 0: the evaluation window's value is higher than the baseline's.
        var z = condition.Metric switch
        {
            AlertMetrics.Conversion or AlertMetrics.WinRate => ProportionTest.TwoSample(observed.Successes, observed.N, baseline.Successes, baseline.N).Z,
            // A negative log-rank z means the evaluated stays end more slowly: a longer time in stage.
            AlertMetrics.TimeInStage => -LogRank.Test(observed.Days, observed.Ended, baseline.Days, baseline.Ended).Z,
            AlertMetrics.NewLeads => ProportionTest.OneSample(observed.N, observed.N + baseline.N, (double)condition.EvaluationMonths / (condition.EvaluationMonths + condition.BaselineMonths)).Z,
            _ => AmountZ(observed, baseline, condition),
        };
        m.PValue = condition.Change!.Direction switch
        {
            "down" => Normal.Cdf(z),
            "up" => Normal.UpperTail(z),
            _ => Math.Min(1, 2 * Normal.UpperTail(Math.Abs(z))),
        };
    }

    /// <summary>Monthly won amounts compared as compound-Poisson totals: each window's variance is estimated by its sum of squared amounts.</summary>
    private static double AmountZ(Sample observed, Sample baseline, AlertCondition condition)
    {
        var variance = observed.SumOfSquares / Square(condition.EvaluationMonths) + baseline.SumOfSquares / Square(condition.BaselineMonths);
        return variance <= 0 ? 0 : (observed.Value!.Value - baseline.Value!.Value) / Math.Sqrt(variance);
    }

    private static double Square(double x) => x * x;

    /// <summary>Events (an exit, a close) dated in each window, and whether each succeeded.</summary>
    private static (Sample, Sample) Proportions(IReadOnlyList<FactView> deals, Func<FactView, (DateTimeOffset At, bool Success)?> eventOf, DateTimeOffset from, DateTimeOffset toExcl, DateTimeOffset baselineFrom)
    {
        long x = 0, n = 0, bx = 0, bn = 0;
        foreach (var deal in deals)
        {
            if (eventOf(deal) is not { } e)
            {
                continue;
            }
            if (e.At >= from && e.At < toExcl)
            {
                n++;
                x += e.Success ? 1 : 0;
            }
            else if (e.At >= baselineFrom && e.At < from)
            {
                bn++;
                bx += e.Success ? 1 : 0;
            }
        }
        return (Sample.Proportion(x, n), Sample.Proportion(bx, bn));
    }

    private static Sample Stays(IReadOnlyList<FactView> deals, int row, DateTimeOffset from, DateTimeOffset toExcl)
    {
        var days = new List<double>();
        var ended = new List<bool>();
        foreach (var deal in deals)
        {
            if (deal.StayFrom[row] is { } began && began >= from && began < toExcl)
            {
                days.Add(deal.StayDays[row]!.Value);
                ended.Add(deal.StayEnded[row]);
            }
        }
        var curve = KaplanMeier.Estimate([.. days], [.. ended]);
        var (low, high) = curve.QuantileInterval(0.5);
        return new Sample(curve.Quantile(0.5), low, high, curve.Ended, curve.Count) { Days = [.. days], Ended = [.. ended] };
    }

    /// <summary>Deals created in each window, per month; the interval is the Poisson score interval of the monthly rate.</summary>
    private static (Sample, Sample) Counts(FunnelFacts facts, IReadOnlyList<FactView> deals, DateTimeOffset from, DateTimeOffset toExcl, DateTimeOffset baselineFrom, AlertCondition condition)
    {
        long n = 0, bn = 0;
        foreach (var deal in deals)
        {
            var created = facts.Work(deal).CreatedTicks;
            if (created == ColumnarSnapshot.UnknownTime)
            {
                continue;
            }
            n += created >= from.UtcTicks && created < toExcl.UtcTicks ? 1 : 0;
            bn += created >= baselineFrom.UtcTicks && created < from.UtcTicks ? 1 : 0;
        }
        return (PerMonth(n, condition.EvaluationMonths), PerMonth(bn, condition.BaselineMonths));
    }

    private static Sample PerMonth(long n, int months)
    {
        const double z = Wilson.Z95;
        var spread = z * Math.Sqrt(n + z * z / 4);
        return new Sample((double)n / months, Math.Max(0, n + z * z / 2 - spread) / months, (n + z * z / 2 + spread) / months, n, n);
    }

    /// <summary>Won amount per month in each window (known amounts, base currency), with a normal interval from the sum of squares.</summary>
    private static (Sample, Sample) Amounts(IReadOnlyList<FactView> deals, DateTimeOffset from, DateTimeOffset toExcl, DateTimeOffset baselineFrom, AlertCondition condition)
    {
        double sum = 0, squares = 0, bsum = 0, bsquares = 0;
        long n = 0, bn = 0;
        foreach (var deal in deals)
        {
            if (deal.Outcome != StageKind.Won || deal.ClosedAt is not { } at)
            {
                continue;
            }
            var amount = (double)(deal.Amount ?? 0);
            if (at >= from && at < toExcl)
            {
                (n, sum, squares) = (n + 1, sum + amount, squares + amount * amount);
            }
            else if (at >= baselineFrom && at < from)
            {
                (bn, bsum, bsquares) = (bn + 1, bsum + amount, bsquares + amount * amount);
            }
        }
        return (Money(sum, squares, n, condition.EvaluationMonths), Money(bsum, bsquares, bn, condition.BaselineMonths));
    }

    private static Sample Money(double sum, double squares, long n, int months)
    {
        var spread = Wilson.Z95 * Math.Sqrt(squares) / months;
        var mean = sum / months;
        return new Sample(mean, Math.Max(0, mean - spread), mean + spread, n, n) { SumOfSquares = squares };
    }

    /// <summary>One window's figure.</summary>
    private sealed record Sample(double? Value, double? Low, double? High, long Successes, long N)
    {
        public double[] Days { get; init; } = [];

        public bool[] Ended { get; init; } = [];

        public double SumOfSquares { get; init; }

        public static Sample Proportion(long x, long n)
        {
            var (low, high) = Wilson.Interval(x, n);
            return new Sample(n == 0 ? null : (double)x / n, low, high, x, n);
        }
    }

    /// <summary>A rule's figures as they are worked out; the q-value is set once every rule has its p-value.</summary>
    private sealed class Measured(AlertRuleInput rule, DateTimeOffset from, DateTimeOffset toExcl, DateTimeOffset baselineFrom)
    {
        public AlertRuleInput Rule { get; } = rule;

        public DateTimeOffset From { get; } = from;

        public DateTimeOffset ToExcl { get; } = toExcl;

        public DateTimeOffset? BaselineToExcl { get; set; }

        public string? Reason { get; set; }

        public double? Observed { get; private set; }

        public double? Low { get; private set; }

        public double? High { get; private set; }

        public long Successes { get; private set; }

        public long N { get; private set; }

        public double? Baseline { get; set; }

        public long? BaselineN { get; set; }

        public double? PValue { get; set; }

        public double? QValue { get; set; }

        public bool ThresholdHolds { get; set; }

        public void Observe(Sample sample) => (Observed, Low, High, Successes, N) = (sample.Value, sample.Low, sample.High, sample.Successes, sample.N);

        public AlertResult Result()
        {
            var condition = Rule.Condition;
            var holds = condition.Change is { } change
                ? QValue <= Alpha && Excludes(change.Direction)
                : Reason is null && ThresholdHolds;
            var isChange = condition.Change is not null;
            return new AlertResult(Rule.Key, condition, holds, Reason, Observed, Low, High, Baseline, Successes, N, BaselineN, PValue, QValue,
                From, ToExcl, isChange ? baselineFrom : null, BaselineToExcl);
        }

        /// <summary>Whether the evaluation window's interval lies wholly on the direction's side of the baseline.</summary>
        private bool Excludes(string direction)
        {
            var below = High is { } high && high < Baseline;
            var above = Low is { } low && low > Baseline;
            return direction switch { "down" => below, "up" => above, _ => below || above };
        }
    }
}
