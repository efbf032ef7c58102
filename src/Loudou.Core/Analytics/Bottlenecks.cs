using Loudou.Core.Pipelines;

namespace Loudou.Core.Analytics;

/// <summary>What to ask <see cref="Bottlenecks"/>; defaults as docs/metrics.md ("Bottlenecks") gives them.</summary>
public sealed record BottleneckQuery
{
    /// <summary>The dimensions whose segments are tested when none are asked for.</summary>
    public static IReadOnlyList<string> DefaultDimensions { get; } = ["team", "channel", "owner"];

    public const double DefaultAlpha = 0.05;

    /// <summary>The moment described; null for the funnel's default.</summary>
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>Dimensions whose segments are tested within each stage.</summary>
    public IReadOnlyList<string> Dimensions { get; init; } = DefaultDimensions;

    /// <summary>Filters, as the funnel's.</summary>
    public IReadOnlyList<(string Dimension, string Value)> Where { get; init; } = [];

    /// <summary>First local day of the observed window; null for three months before the as-of moment.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last local day of the observed window, inclusive; null for the as-of moment.</summary>
    public DateOnly? To { get; init; }

    /// <summary>Neither side of a test may have fewer exits than this.</summary>
    public int MinN { get; init; } = FunnelQuery.DefaultMinN;

    /// <summary>A finding is reported when its Benjamini–Hochberg q-value is at most this.</summary>
    public double Alpha { get; init; } = DefaultAlpha;

    public string Language { get; init; } = "en";
}

/// <summary>One comparison behind a finding: the baseline it was tested against and the result.</summary>
/// <param name="Kind">"target", "history" or "peers".</param>
/// <param name="BaselineN">Exits behind the baseline; null for a target, which is a fixed number.</param>
public sealed record BottleneckEvidence(string Kind, double Baseline, long? BaselineN, double Z, double PValue, double QValue);

/// <summary>A significant shortfall of one stage, or one segment within it, ranked by the pipeline value it puts at risk.</summary>
/// <param name="Segment">The segment's value, null for the whole stage.</param>
/// <param name="Observed">Exit-based conversion in the observed window.</param>
/// <param name="Advanced">Exits that advanced, of <paramref name="N"/> exits.</param>
/// <param name="Baseline">The baseline of the reported comparison: the significant one with the largest gap.</param>
/// <param name="OpenAmount">Known amounts of the segment's deals open in the stage at the as-of moment.</param>
/// <param name="DownstreamWinRate">Product of the later stages' exit-based conversions: the share of advancing deals that go on to win.</param>
/// <param name="ValueAtRisk">OpenAmount × (Baseline − Observed) × DownstreamWinRate.</param>
/// <param name="Evidence">Every comparison tested for this stage and segment, significant or not.</param>
public sealed record Bottleneck(
    string Stage,
    string Name,
    string? Dimension,
    string? Segment,
    string Metric,
    double Observed,
    long Advanced,
    long N,
    double CiLow,
    double CiHigh,
    double Baseline,
    string BaselineKind,
    long? BaselineN,
    double PValue,
    double QValue,
    long OpenDeals,
    decimal OpenAmount,
    double DownstreamWinRate,
    decimal ValueAtRisk,
    IReadOnlyList<string> Suggestions,
    IReadOnlyList<BottleneckEvidence> Evidence);

/// <summary>The answer of <c>loudou bottlenecks</c>: the windows used, how many tests were run, and the findings ranked.</summary>
/// <param name="From">Start of the observed window; the history window is the three months before it.</param>
/// <param name="ToExcl">End of the observed window, exclusive.</param>
/// <param name="Tests">Comparisons tested together under one Benjamini–Hochberg correction.</param>
public sealed record BottleneckReport(string Pipeline, DateTimeOffset AsOf, DateTimeOffset From, DateTimeOffset ToExcl, DateTimeOffset HistoryFrom, int Tests, double Alpha, IReadOnlyList<Bottleneck> Items);

/// <summary>Finds the stages and segments whose conversion is significantly below their target, their own history or their peers (docs/metrics.md, "Bottlenecks").</summary>
/// <remarks>
/// Conversion is exit-based, so recent windows are not pulled down by deals still open. Every
/// comparison of a run shares one Benjamini–Hochberg correction. Time in stage is not tested yet:
/// only conversion findings are reported.
/// </remarks>
public static class Bottlenecks
{
    /// <summary>History is this many months before the observed window.</summary>
    public const int HistoryMonths = 3;

    public static BottleneckReport Find(FunnelSnapshot snapshot, BottleneckQuery query, DateTimeOffset now)
    {
        if (!(query.Alpha is > 0 and < 1))
        {
            Guard.Throw("alpha", $"--alpha must be between 0 and 1, was {query.Alpha}.");
        }
        if (query.MinN < 1)
        {
            Guard.Throw("minN", "--min-n must be at least 1.");
        }
        if (query.From > query.To)
        {
            Guard.Throw("from", $"--from {query.From:yyyy-MM-dd} is after --to {query.To:yyyy-MM-dd}.");
        }
        // The funnel checks filters and yields each deal's exits as of the moment.
        var funnelQuery = new FunnelQuery { AsOf = query.AsOf, Where = query.Where, Language = query.Language };
        foreach (var dimension in query.Dimensions)
        {
            FunnelEngine.CheckDimension(snapshot, dimension, "by");
        }
        var facts = FunnelEngine.Facts(snapshot, funnelQuery, now);
        var calendar = snapshot.Calendar;
        var toExcl = query.To is { } to ? Min(calendar.StartOf(to.AddDays(1)), facts.AsOf.AddTicks(1)) : facts.AsOf.AddTicks(1);
        var from = query.From is { } f ? calendar.StartOf(f) : LocalMonthsBack(facts.AsOf, HistoryMonths, calendar.Zone);
        if (from >= toExcl)
        {
            Guard.Throw("from", $"--from {query.From:yyyy-MM-dd} is after the as-of moment; the observed window is empty.");
        }
        var historyFrom = LocalMonthsBack(from, HistoryMonths, calendar.Zone);
        var month = calendar.MonthOf(facts.AsOf);

        var candidates = new List<Candidate>();
        for (var row = 0; row < facts.Rows.Count; row++)
        {
            var stage = facts.Rows[row];
            if (stage.Kind != StageKind.Open)
            {
                continue;
            }
            var all = Count(facts.Deals, row, from, toExcl);
            var allHistory = Count(facts.Deals, row, historyFrom, from);
            var stageCandidate = new Candidate(row, null, null, all, OpenOf(facts.Deals, row));
            AddTarget(stageCandidate, snapshot.TargetFor(stage.Id, null, month), query.MinN);
            AddSample(stageCandidate, "history", allHistory, query.MinN);
            candidates.Add(stageCandidate);
            foreach (var dimension in query.Dimensions)
            {
                var segments = facts.Deals
                    .SelectMany(d => facts.Values(d, dimension).Where(v => v.Length > 0).Select(v => (Value: v, Deal: d)))
                    .GroupBy(x => x.Value, x => x.Deal, StringComparer.Ordinal)
                    .OrderBy(g => g.Key, StringComparer.Ordinal);
                foreach (var segment in segments)
                {
                    var deals = segment.ToList();
                    var observed = Count(deals, row, from, toExcl);
                    var candidate = new Candidate(row, dimension, segment.Key, observed, OpenOf(deals, row));
                    // Targets are set per stage and team (Targets.ConversionTarget); other segments have none.
                    if (dimension == "team")
                    {
                        AddTarget(candidate, snapshot.TargetFor(stage.Id, segment.Key, month), query.MinN);
                    }
                    AddSample(candidate, "history", Count(deals, row, historyFrom, from), query.MinN);
                    AddSample(candidate, "peers", all - observed, query.MinN);
                    candidates.Add(candidate);
                }
            }
        }

        var tests = candidates.SelectMany(c => c.Tests).ToList();
        var q = BenjaminiHochberg.QValues([.. tests.Select(t => t.PValue)]);
        for (var i = 0; i < tests.Count; i++)
        {
            tests[i].QValue = q[i];
        }
        var downstream = DownstreamWinRates(facts, historyFrom, toExcl);
        var items = new List<Bottleneck>();
        foreach (var candidate in candidates)
        {
            var best = candidate.Tests
                .Where(t => t.QValue <= query.Alpha && t.Baseline > candidate.Observed.Rate)
                .OrderByDescending(t => t.Baseline - candidate.Observed.Rate).ThenBy(t => t.QValue)
                .FirstOrDefault();
            if (best is null)
            {
                continue;
            }
            var stage = facts.Rows[candidate.Row];
            var gap = best.Baseline - candidate.Observed.Rate;
            var (low, high) = Wilson.Interval(candidate.Observed.Advanced, candidate.Observed.N);
            items.Add(new Bottleneck(
                stage.Key,
                stage.Name.For(query.Language),
                candidate.Dimension,
                candidate.Segment,
                "conversion",
                candidate.Observed.Rate,
                candidate.Observed.Advanced,
                candidate.Observed.N,
                low!.Value,
                high!.Value,
                best.Baseline,
                best.Kind,
                best.BaselineN,
                best.PValue,
                best.QValue,
                candidate.OpenDeals,
                candidate.OpenAmount,
                downstream[candidate.Row],
                Math.Round(candidate.OpenAmount * (decimal)(gap * downstream[candidate.Row]), 2),
                [.. stage.Actions.Select(a => a.Text.For(query.Language))],
                [.. candidate.Tests.Select(t => new BottleneckEvidence(t.Kind, t.Baseline, t.BaselineN, t.Z, t.PValue, t.QValue))]));
        }
        var ranked = items.OrderByDescending(i => i.ValueAtRisk).ThenBy(i => i.QValue).ThenBy(i => i.Stage, StringComparer.Ordinal).ThenBy(i => i.Segment, StringComparer.Ordinal).ToList();
        return new BottleneckReport(snapshot.Pipeline.Key, facts.AsOf, from, toExcl, historyFrom, tests.Count, query.Alpha, ranked);
    }

    /// <summary>Exits from a row in [from, toExcl): advanced and all.</summary>
    private static Exits Count(IEnumerable<FactView> deals, int row, DateTimeOffset from, DateTimeOffset toExcl)
    {
        long advanced = 0, n = 0;
        foreach (var deal in deals)
        {
            if (deal.Exits[row] is { } exit && exit.At >= from && exit.At < toExcl)
            {
                n++;
                advanced += exit.Advanced ? 1 : 0;
            }
        }
        return new Exits(advanced, n);
    }

    private static (long Deals, decimal Amount) OpenOf(IEnumerable<FactView> deals, int row)
    {
        var open = deals.Where(d => d.OpenAt[row]).ToList();
        return (open.Count, open.Sum(d => d.Deal.Amount ?? 0));
    }

    /// <summary>Per row, the product of the later Open rows' exit-based conversions over history and observed windows together.</summary>
    private static double[] DownstreamWinRates(FunnelFacts facts, DateTimeOffset from, DateTimeOffset toExcl)
    {
        var rates = facts.Rows.Select((stage, row) => stage.Kind != StageKind.Open ? 1.0 : Count(facts.Deals, row, from, toExcl).Rate).ToArray();
        var downstream = new double[rates.Length];
        var product = 1.0;
        for (var row = rates.Length - 1; row >= 0; row--)
        {
            downstream[row] = product;
            product *= rates[row];
        }
        return downstream;
    }

    private static void AddTarget(Candidate candidate, double? target, int minN)
    {
        if (target is { } rate && candidate.Observed.N >= minN)
        {
            var test = ProportionTest.OneSample(candidate.Observed.Advanced, candidate.Observed.N, rate);
            candidate.Tests.Add(new Test("target", rate, null, test.Z, test.PLower));
        }
    }

    private static void AddSample(Candidate candidate, string kind, Exits baseline, int minN)
    {
        if (candidate.Observed.N >= minN && baseline.N >= minN)
        {
            var test = ProportionTest.TwoSample(candidate.Observed.Advanced, candidate.Observed.N, baseline.Advanced, baseline.N);
            candidate.Tests.Add(new Test(kind, baseline.Rate, baseline.N, test.Z, test.PLower));
        }
    }

    private static DateTimeOffset LocalMonthsBack(DateTimeOffset moment, int months, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(moment, zone).DateTime.AddMonths(-months);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private readonly record struct Exits(long Advanced, long N)
    {
        public double Rate => N == 0 ? 0 : (double)Advanced / N;

        public static Exits operator -(Exits a, Exits b) => new(a.Advanced - b.Advanced, a.N - b.N);
    }

    private sealed class Test(string kind, double baseline, long? baselineN, double z, double pValue)
    {
        public string Kind { get; } = kind;

        public double Baseline { get; } = baseline;

        public long? BaselineN { get; } = baselineN;

        public double Z { get; } = z;

        /// <summary>One-sided: the chance of a rate this far below the baseline if it were not below it.</summary>
        public double PValue { get; } = pValue;

        public double QValue { get; set; } = 1;
    }

    private sealed class Candidate(int row, string? dimension, string? segment, Exits observed, (long Deals, decimal Amount) open)
    {
        public int Row { get; } = row;

        public string? Dimension { get; } = dimension;

        public string? Segment { get; } = segment;

        public Exits Observed { get; } = observed;

        public long OpenDeals { get; } = open.Deals;

        public decimal OpenAmount { get; } = open.Amount;

        public List<Test> Tests { get; } = [];
    }
}
