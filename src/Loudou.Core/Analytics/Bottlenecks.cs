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

    /// <summary>The caller's scope, as on <see cref="FunnelQuery.Scope"/>: stages, segments and their peers count only the deals it sees.</summary>
    public AnalyticsScope? Scope { get; init; }

    public string Language { get; init; } = "en";
}

/// <summary>One comparison behind a finding: the baseline it was tested against and the result.</summary>
/// <param name="Kind">"target", "history" or "peers".</param>
/// <param name="BaselineN">Exits behind the baseline; null for a target, which is a fixed number.</param>
public sealed record BottleneckEvidence(string Kind, double Baseline, long? BaselineN, double Z, double PValue, double QValue);

/// <summary>A significant shortfall of one stage, or one segment within it, ranked by the pipeline value it puts at risk.</summary>
/// <param name="Segment">The segment's value, null for the whole stage.</param>
/// <param name="Metric">"conversion" (exit-based) or "timeInStage" (Kaplan–Meier median days of the stays begun in the window).</param>
/// <param name="Observed">The metric in the observed window.</param>
/// <param name="Advanced">Exits that advanced, of <paramref name="N"/> exits; for time, the stays that ended, of <paramref name="N"/> stays.</param>
/// <param name="CiLow">95% interval of <paramref name="Observed"/>: Wilson for conversion, Brookmeyer–Crowley for a median (null when unbounded).</param>
/// <param name="Baseline">The baseline of the reported comparison: the significant one with the largest gap.</param>
/// <param name="OpenAmount">Known amounts of the segment's deals open in the stage at the as-of moment.</param>
/// <param name="DownstreamWinRate">Product of the later stages' exit-based conversions: the share of advancing deals that go on to win.</param>
/// <param name="ValueAtRisk">OpenAmount × (Baseline − Observed) × DownstreamWinRate for conversion; 0 for time, which delays revenue rather than losing it.</param>
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
    double? CiLow,
    double? CiHigh,
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
/// Conversion is exit-based, so recent windows are not pulled down by deals still open; time in stage
/// is compared by the log-rank test over stays begun in each window, open stays censored. Every
/// comparison of a run shares one Benjamini–Hochberg correction.
/// </remarks>
public static class Bottlenecks
{
    /// <summary>History is this many months before the observed window.</summary>
    public const int HistoryMonths = 3;

    /// <summary>The findings over the plain snapshot: the reference the columnar path is tested against.</summary>
    public static BottleneckReport Find(FunnelSnapshot snapshot, BottleneckQuery query, DateTimeOffset now)
    {
        var funnelQuery = Check(query, FunnelQueryChecks.CustomKnown(snapshot));
        return Find(FunnelEngine.Facts(snapshot, funnelQuery, now), query);
    }

    /// <summary>The findings over the columnar snapshot a host keeps; the same answer as the plain path's.</summary>
    public static BottleneckReport Find(ColumnarSnapshot snapshot, BottleneckQuery query, DateTimeOffset now, int threads = 0)
    {
        var funnelQuery = Check(query, custom => snapshot.ColumnOf(custom) is not null);
        return Find(FunnelEngine.Facts(snapshot, funnelQuery, now, threads), query);
    }

    /// <summary>Refuses a bad query before any work; the funnel query whose facts the analysis reads.</summary>
    private static FunnelQuery Check(BottleneckQuery query, Func<string, bool> customKnown)
    {
        FunnelQueryChecks.Alpha(query.Alpha);
        FunnelQueryChecks.MinN(query.MinN);
        FunnelQueryChecks.Range(query.From, query.To);
        foreach (var dimension in query.Dimensions)
        {
            FunnelQueryChecks.Dimension(dimension, "by", customKnown);
        }
        // The funnel checks filters and yields each deal's exits as of the moment, for the deals of the scope only,
        // so every count below (a stage, a segment, its peers, the downstream rates) is the caller's.
        return new FunnelQuery { AsOf = query.AsOf, Where = query.Where, Scope = query.Scope, Language = query.Language };
    }

    /// <summary>The findings over facts a caller already made with the query's as-of moment, filters and scope (the monthly review's), checked as the others are.</summary>
    internal static BottleneckReport Find(FunnelFacts facts, BottleneckQuery query, Func<string, bool> customKnown)
    {
        Check(query, customKnown);
        return Find(facts, query);
    }

    private static BottleneckReport Find(FunnelFacts facts, BottleneckQuery query)
    {
        var calendar = facts.Calendar;
        var toExcl = query.To is { } to ? Min(calendar.StartOf(to.AddDays(1)), facts.AsOf.AddTicks(1)) : facts.AsOf.AddTicks(1);
        var from = query.From is { } f ? calendar.StartOf(f) : LocalMonthsBack(facts.AsOf, HistoryMonths, calendar.Zone);
        if (from >= toExcl)
        {
            Guard.Throw("from", $"{new FieldName("from")} {query.From:yyyy-MM-dd} is after the as-of moment; the observed window is empty.");
        }
        var historyFrom = LocalMonthsBack(from, HistoryMonths, calendar.Zone);
        var month = calendar.MonthOf(facts.AsOf);

        // Each dimension's segments once, with who is in each (by the deal's position), for every stage below.
        var segmentsOf = query.Dimensions.ToDictionary(d => d, d => Segments(facts, d), StringComparer.Ordinal);
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
            var stageCandidate = Conversion(row, null, null, all, OpenOf(facts.Deals, row));
            AddTarget(stageCandidate, StageTargets.For(facts.Targets, stage.Id, null, month), query.MinN);
            AddSample(stageCandidate, "history", allHistory, query.MinN);
            candidates.Add(stageCandidate);
            var allStays = StaysOf(facts.Deals, row, from, toExcl);
            var stageTime = Time(row, null, null, allStays, OpenOf(facts.Deals, row));
            AddTime(stageTime, "history", StaysOf(facts.Deals, row, historyFrom, from), query.MinN);
            candidates.Add(stageTime);
            foreach (var dimension in query.Dimensions)
            {
                foreach (var segment in segmentsOf[dimension])
                {
                    var deals = segment.Deals;
                    var observed = Count(deals, row, from, toExcl);
                    var open = OpenOf(deals, row);
                    var candidate = Conversion(row, dimension, segment.Key, observed, open);
                    // Targets are set per stage and team (Targets.ConversionTarget); other segments have none.
                    if (dimension == "team")
                    {
                        AddTarget(candidate, StageTargets.For(facts.Targets, stage.Id, segment.Key, month), query.MinN);
                    }
                    AddSample(candidate, "history", Count(deals, row, historyFrom, from), query.MinN);
                    AddSample(candidate, "peers", all - observed, query.MinN);
                    candidates.Add(candidate);
                    var time = Time(row, dimension, segment.Key, StaysOf(deals, row, from, toExcl), open);
                    AddTime(time, "history", StaysOf(deals, row, historyFrom, from), query.MinN);
                    AddTime(time, "peers", allStays.Without(segment.Member), query.MinN);
                    candidates.Add(time);
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
                .Where(t => t.QValue <= query.Alpha && t.Gap > 0)
                .OrderByDescending(t => t.Gap).ThenBy(t => t.QValue)
                .FirstOrDefault();
            if (best is null)
            {
                continue;
            }
            var stage = facts.Rows[candidate.Row];
            var risk = candidate.Metric == "conversion" ? Math.Round(candidate.OpenAmount * (decimal)(best.Gap * downstream[candidate.Row]), 2) : 0m;
            items.Add(new Bottleneck(
                stage.Key,
                stage.Name.For(query.Language),
                candidate.Dimension,
                candidate.Segment,
                candidate.Metric,
                candidate.Observed,
                candidate.Successes,
                candidate.N,
                candidate.CiLow,
                candidate.CiHigh,
                best.Baseline,
                best.Kind,
                best.BaselineN,
                best.PValue,
                best.QValue,
                candidate.OpenDeals,
                candidate.OpenAmount,
                downstream[candidate.Row],
                risk,
                [.. stage.Actions.Select(a => a.Text.For(query.Language))],
                [.. candidate.Tests.Select(t => new BottleneckEvidence(t.Kind, t.Baseline, t.BaselineN, t.Z, t.PValue, t.QValue))]));
        }
        var ranked = items.OrderByDescending(i => i.ValueAtRisk).ThenBy(i => i.Metric == "conversion" ? 0 : 1).ThenBy(i => i.QValue).ThenBy(i => i.Stage, StringComparer.Ordinal).ThenBy(i => i.Segment, StringComparer.Ordinal).ToList();
        return new BottleneckReport(facts.Pipeline, facts.AsOf, from, toExcl, historyFrom, tests.Count, query.Alpha, ranked);
    }

    /// <summary>A dimension's non-blank segments in key order: their deals, and per deal position whether it is one of them.</summary>
    private static List<Segment> Segments(FunnelFacts facts, string dimension)
    {
        var byKey = new Dictionary<string, List<FactView>>(StringComparer.Ordinal);
        foreach (var deal in facts.Deals)
        {
            foreach (var value in facts.Values(deal, dimension))
            {
                if (value.Length > 0)
                {
                    (byKey.TryGetValue(value, out var list) ? list : byKey[value] = []).Add(deal);
                }
            }
        }
        return [.. byKey.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s =>
        {
            var member = new bool[facts.Deals.Count];
            foreach (var deal in s.Value)
            {
                member[deal.Index] = true;
            }
            return new Segment(s.Key, s.Value, member);
        })];
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
        return (open.Count, open.Sum(d => d.Amount ?? 0));
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

    /// <summary>Stays of a row begun in [from, toExcl): days, whether each ended (else censored at the as-of moment), and whose.</summary>
    private static Stays StaysOf(IEnumerable<FactView> deals, int row, DateTimeOffset from, DateTimeOffset toExcl)
    {
        var days = new List<double>();
        var ended = new List<bool>();
        var whose = new List<int>();
        foreach (var deal in deals)
        {
            if (deal.StayFrom[row] is { } began && began >= from && began < toExcl)
            {
                days.Add(deal.StayDays[row]!.Value);
                ended.Add(deal.StayEnded[row]);
                whose.Add(deal.Index);
            }
        }
        return new Stays([.. days], [.. ended], [.. whose]);
    }

    private static Candidate Conversion(int row, string? dimension, string? segment, Exits observed, (long Deals, decimal Amount) open)
    {
        var (low, high) = Wilson.Interval(observed.Advanced, observed.N);
        return new Candidate(row, dimension, segment, "conversion", observed.Rate, observed.Advanced, observed.N, low, high, open) { Exits = observed };
    }

    private static Candidate Time(int row, string? dimension, string? segment, Stays stays, (long Deals, decimal Amount) open)
    {
        var curve = KaplanMeier.Estimate(stays.Days, stays.Ended);
        var (low, high) = curve.QuantileInterval(0.5);
        return new Candidate(row, dimension, segment, "timeInStage", curve.Quantile(0.5) ?? double.NaN, curve.Ended, curve.Count, low, high, open) { Stays = stays };
    }

    private static void AddTarget(Candidate candidate, double? target, int minN)
    {
        if (target is { } rate && candidate.N >= minN)
        {
            var test = ProportionTest.OneSample(candidate.Exits.Advanced, candidate.Exits.N, rate);
            candidate.Tests.Add(new Test("target", rate, null, test.Z, test.PLower, rate - candidate.Observed));
        }
    }

    private static void AddSample(Candidate candidate, string kind, Exits baseline, int minN)
    {
        if (candidate.N >= minN && baseline.N >= minN)
        {
            var test = ProportionTest.TwoSample(candidate.Exits.Advanced, candidate.Exits.N, baseline.Advanced, baseline.N);
            candidate.Tests.Add(new Test(kind, baseline.Rate, baseline.N, test.Z, test.PLower, baseline.Rate - candidate.Observed));
        }
    }

    /// <summary>A log-rank comparison of time in stage, when both sides have enough stays and a median to report.</summary>
    private static void AddTime(Candidate candidate, string kind, Stays baseline, int minN)
    {
        if (candidate.N < minN || baseline.Days.Length < minN || double.IsNaN(candidate.Observed)
            || KaplanMeier.Quantiles(baseline.Days, [.. baseline.Ended.Select(e => e ? 1 : 0)], [0.5]).Quantiles[0] is not { } median)
        {
            return;
        }
        // PLower: the observed stays end more slowly than the baseline's.
        var test = LogRank.Test(candidate.Stays.Days, candidate.Stays.Ended, baseline.Days, baseline.Ended);
        candidate.Tests.Add(new Test(kind, median, baseline.Days.Length, test.Z, test.PLower, candidate.Observed - median));
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

    /// <param name="Whose">Each stay's deal, by its position in the facts.</param>
    private readonly record struct Stays(double[] Days, bool[] Ended, int[] Whose)
    {
        /// <summary>The stays of the deals not marked: a segment's peers.</summary>
        public Stays Without(bool[] marked)
        {
            var (days, ended, whose) = (new List<double>(Days.Length), new List<bool>(Days.Length), new List<int>(Days.Length));
            for (var i = 0; i < Days.Length; i++)
            {
                if (!marked[Whose[i]])
                {
                    days.Add(Days[i]);
                    ended.Add(Ended[i]);
                    whose.Add(Whose[i]);
                }
            }
            return new Stays([.. days], [.. ended], [.. whose]);
        }
    }

    /// <param name="Member">Per deal position, whether the deal is in the segment.</param>
    private sealed record Segment(string Key, List<FactView> Deals, bool[] Member);

    /// <param name="gap">How much worse than the baseline: conversion below it, or days of median above it.</param>
    private sealed class Test(string kind, double baseline, long? baselineN, double z, double pValue, double gap)
    {
        public string Kind { get; } = kind;

        public double Baseline { get; } = baseline;

        public long? BaselineN { get; } = baselineN;

        public double Z { get; } = z;

        /// <summary>One-sided: the chance of a result this far on the bad side of the baseline if it were not worse.</summary>
        public double PValue { get; } = pValue;

        public double Gap { get; } = gap;

        public double QValue { get; set; } = 1;
    }

    private sealed class Candidate(int row, string? dimension, string? segment, string metric, double observed, long successes, long n, double? ciLow, double? ciHigh, (long Deals, decimal Amount) open)
    {
        public int Row { get; } = row;

        public string? Dimension { get; } = dimension;

        public string? Segment { get; } = segment;

        public string Metric { get; } = metric;

        /// <summary>Exit-based conversion, or the median stay in days (NaN when the curve never halves).</summary>
        public double Observed { get; } = observed;

        public long Successes { get; } = successes;

        public long N { get; } = n;

        public double? CiLow { get; } = ciLow;

        public double? CiHigh { get; } = ciHigh;

        public long OpenDeals { get; } = open.Deals;

        public decimal OpenAmount { get; } = open.Amount;

        public Exits Exits { get; init; }

        public Stays Stays { get; init; }

        public List<Test> Tests { get; } = [];
    }
}
