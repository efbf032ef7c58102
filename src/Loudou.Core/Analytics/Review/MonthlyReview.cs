using System.Globalization;
using Loudou.Core.Pipelines;

namespace Loudou.Core.Analytics.Review;

/// <summary>
/// The monthly review (docs/metrics.md, "Monthly review"): the month's KPIs against targets, the month before and the
/// same month a year earlier; its funnel; the biggest bottlenecks; what changed and why; the ranking; loss reasons
/// that grew; targets hit and missed; and what to do next month.
/// </summary>
/// <remarks>
/// Everything is counted by when it happened in the month (a deal's exit from a stage, its close, its creation), as
/// period comparison counts, so a month's figures do not wait for its leads to close. The review reads the funnel's
/// per-deal facts once and windows them three times.
/// </remarks>
public static class MonthlyReview
{
    private static readonly string[] KpiKeys = ["newLeads", "closed", "won", "lost", "winRate", "wonAmount"];

    /// <exception cref="DomainRuleException">Field "month": the month starts after the as-of moment, or ends before the first deal.</exception>
    public static ReviewReport Compute(ColumnarSnapshot snapshot, ReviewInputs inputs, ReviewQuery query, DateTimeOffset now, int threads = 0)
    {
        FunnelQueryChecks.MinN(query.MinN);
        IReadOnlyList<(string, string)> where = query.Team is { } team ? [("team", team)] : [];
        var facts = FunnelEngine.Facts(snapshot, new FunnelQuery { AsOf = query.AsOf, Where = where, Scope = query.Scope, Language = query.Language, MinN = query.MinN }, now, threads);
        var calendar = facts.Calendar;
        var (from, end) = calendar.MonthWindow(query.Month);
        var month = calendar.MonthOf(from);
        var label = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (from > facts.AsOf)
        {
            Guard.Throw("month", $"{new FieldName("month")} {label} starts after the as-of moment ({calendar.DateOf(facts.AsOf):yyyy-MM-dd}); a review describes a month that has begun.");
        }
        var first = FirstCreated(facts);
        if (first is null || end <= first)
        {
            Guard.Throw("month", first is null
                ? $"there are no deals to review in {new FieldName("month")} {label}."
                : $"{new FieldName("month")} {label} ends before the first deal (created {calendar.DateOf(first.Value):yyyy-MM-dd}).");
        }
        var complete = end <= facts.AsOf;
        var toExcl = complete ? end : facts.AsOf.AddTicks(1);
        var windows = new[]
        {
            (From: from, ToExcl: toExcl),
            calendar.MonthWindow(month.AddMonths(-1)),
            calendar.MonthWindow(month.AddMonths(-12)),
        };
        var counts = windows.Select(w => Count(facts, w.From, w.ToExcl)).ToArray();
        var tests = new List<(double P, Action<double> Resolve)>();
        var stages = Stages(facts, counts, query, month, tests);
        var kpis = Kpis(counts, inputs.SalesTargets, query, complete, tests);
        var q = BenjaminiHochberg.QValues([.. tests.Select(t => t.P)]);
        for (var i = 0; i < tests.Count; i++)
        {
            tests[i].Resolve(q[i]);
        }
        // The bottlenecks read the same per-deal facts (same moment, filters and scope): no second pass over the snapshot.
        var bottlenecks = Bottlenecks.Find(facts, new BottleneckQuery
        {
            AsOf = facts.AsOf,
            From = month,
            To = calendar.DateOf(toExcl.AddTicks(-1)),
            Where = where,
            Scope = query.Scope,
            MinN = query.MinN,
            Language = query.Language,
        }, custom => snapshot.ColumnOf(custom) is not null);
        var report = new ReviewReport(
            facts.Pipeline, month, facts.AsOf, complete, query.Team, from, toExcl,
            [.. kpis.Select(k => k.Build())], [.. stages.Select(s => s.Build())],
            bottlenecks with { Items = [.. bottlenecks.Items.Take(ReviewReport.TopBottlenecks)] },
            ChangeDecomposition.WinRate(counts[1].Flows, counts[0].Flows),
            ChangeDecomposition.WonAmount(counts[1].Flows, counts[0].Flows),
            inputs.Ranking,
            Losses(facts, counts[0], counts[1], inputs.LossReasons, query.Language),
            Targets(counts[0], stages, inputs.SalesTargets, inputs.Roster, query, complete),
            []);
        // A team's channel quality counts the team's deals: a scope narrowed to the team, whose cost figures are then null (costs are the workspace's).
        var channelScope = query.Scope ?? (query.Team is { } reviewed ? new AnalyticsScope(null, reviewed) : null);
        var channels = ChannelQuality.Compute(snapshot, inputs.ChannelCosts, new ChannelQualityQuery
        {
            FromMonth = month.AddMonths(1 - ReviewReport.ChannelMonths),
            ToMonth = month,
            BaseCurrency = inputs.BaseCurrency,
            AsOf = facts.AsOf,
            Scope = channelScope,
            MinN = query.MinN,
            Language = query.Language,
        }, now);
        return report with { Actions = ReviewActions.For(report, query.Language), Channels = channels };
    }

    private static DateTimeOffset? FirstCreated(FunnelFacts facts)
    {
        var first = long.MaxValue;
        foreach (var deal in facts.Deals)
        {
            var created = facts.Work(deal).CreatedTicks;
            if (created != ColumnarSnapshot.UnknownTime && created < first)
            {
                first = created;
            }
        }
        return first == long.MaxValue ? null : new DateTimeOffset(first, TimeSpan.Zero);
    }

    /// <summary>What happened in one window, overall, by channel, by team and by owner.</summary>
    private sealed class WindowCounts(int rows)
    {
        public long[] Exits { get; } = new long[rows];

        public long[] Advanced { get; } = new long[rows];

        public MonthFlows Flows { get; set; } = new([], []);

        public Dictionary<string, (long Won, decimal Amount)> WonByTeam { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, (long Won, decimal Amount)> WonByOwner { get; } = new(StringComparer.Ordinal);

        /// <summary>Lost deals by (row, reason key).</summary>
        public Dictionary<(int Row, string Reason), long> LostByReason { get; } = [];
    }

    private static WindowCounts Count(FunnelFacts facts, DateTimeOffset from, DateTimeOffset toExcl)
    {
        var rows = facts.Rows.Count;
        var openRows = Enumerable.Range(0, rows).Where(r => facts.Rows[r].Kind == StageKind.Open).ToArray();
        var counts = new WindowCounts(rows);
        var channels = new Dictionary<string, (long New, long Closed, long Won, decimal Amount, long[] LostAt)>(StringComparer.Ordinal);
        bool In(DateTimeOffset? at) => at is { } t && t >= from && t < toExcl;
        foreach (var deal in facts.Deals)
        {
            for (var r = 0; r < rows; r++)
            {
                if (deal.Exits[r] is { } exit && In(exit.At))
                {
                    counts.Exits[r]++;
                    counts.Advanced[r] += exit.Advanced ? 1 : 0;
                }
            }
            var created = facts.Work(deal).CreatedTicks;
            var isNew = created != ColumnarSnapshot.UnknownTime && In(new DateTimeOffset(created, TimeSpan.Zero));
            var closed = deal.Outcome != StageKind.Open && In(deal.ClosedAt);
            if (!isNew && !closed)
            {
                continue;
            }
            var channel = First(facts, deal, "channel");
            var c = channels.TryGetValue(channel, out var found) ? found : (0, 0, 0, 0m, new long[openRows.Length + 1]);
            c.New += isNew ? 1 : 0;
            if (closed)
            {
                c.Closed++;
                if (deal.Outcome == StageKind.Won)
                {
                    var amount = deal.Amount ?? 0;
                    c.Won++;
                    c.Amount += amount;
                    Add(counts.WonByTeam, First(facts, deal, "team"), amount);
                    Add(counts.WonByOwner, First(facts, deal, "owner"), amount);
                }
                else
                {
                    var at = Array.FindIndex(openRows, r => deal.LostAt[r]);
                    c.LostAt[at < 0 ? openRows.Length : at]++;
                    if (at >= 0)
                    {
                        var key = (openRows[at], deal.LossReason ?? "");
                        counts.LostByReason[key] = counts.LostByReason.GetValueOrDefault(key) + 1;
                    }
                }
            }
            channels[channel] = c;
        }
        counts.Flows = new MonthFlows(
            [.. openRows.Select(r => facts.Rows[r].Key)],
            [.. channels.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new ChannelFlows(c.Key, c.Value.New, c.Value.Closed, c.Value.Won, c.Value.Amount, c.Value.LostAt))]);
        return counts;
    }

    private static void Add(Dictionary<string, (long Won, decimal Amount)> sums, string key, decimal amount)
    {
        var (won, sum) = sums.GetValueOrDefault(key);
        sums[key] = (won + 1, sum + amount);
    }

    private static string First(FunnelFacts facts, FactView deal, string dimension) => facts.Values(deal, dimension) is [var value, ..] ? value : "";

    /// <summary>A rate's comparison with another month's: tested when both sides reach the minimum n, its q filled in later.</summary>
    private static void Compare(long x, long n, long otherX, long otherN, int minN, List<(double P, Action<double> Resolve)> tests, Action<ReviewComparison> set)
    {
        double? rate = n == 0 ? null : (double)x / n, other = otherN == 0 ? null : (double)otherX / otherN;
        var comparison = new ReviewComparison(other, rate - other, null, null, false);
        set(comparison);
        if (n >= minN && otherN >= minN)
        {
            var p = ProportionTest.TwoSample(x, n, otherX, otherN).PTwoSided;
            set(comparison = comparison with { PValue = p });
            tests.Add((p, q => set(comparison with { QValue = q, Significant = q <= PeriodComparison.Alpha })));
        }
    }

    private static List<StageBuilder> Stages(FunnelFacts facts, WindowCounts[] counts, ReviewQuery query, DateOnly month, List<(double P, Action<double> Resolve)> tests)
    {
        var result = new List<StageBuilder>();
        var cumulative = (double?)1;
        var openIndex = 0;
        for (var r = 0; r < facts.Rows.Count; r++)
        {
            var stage = facts.Rows[r];
            if (stage.Kind != StageKind.Open)
            {
                continue;
            }
            var (n, x) = (counts[0].Exits[r], counts[0].Advanced[r]);
            double? conversion = n == 0 ? null : (double)x / n;
            cumulative = cumulative * conversion;
            var (low, high) = Wilson.Interval(x, n);
            var bucket = openIndex++;
            var lost = counts[0].Flows.Channels.Sum(c => c.LostAt[bucket]);
            var builder = new StageBuilder(stage.Key, stage.Name.For(query.Language), n, x, conversion, low, high, n < query.MinN, cumulative,
                StageTargets.For(facts.Targets, stage.Id, query.Team, month), lost);
            Compare(x, n, counts[1].Advanced[r], counts[1].Exits[r], query.MinN, tests, c => builder.Previous = c);
            Compare(x, n, counts[2].Advanced[r], counts[2].Exits[r], query.MinN, tests, c => builder.LastYear = c);
            result.Add(builder);
        }
        return result;
    }

    private sealed class StageBuilder(string key, string name, long exits, long advanced, double? conversion, double? low, double? high, bool tooFew, double? cumulative, double? target, long lost)
    {
        public string Key { get; } = key;

        public string Name { get; } = name;

        public double? Conversion { get; } = conversion;

        public double? Target { get; } = target;

        public ReviewComparison Previous { get; set; } = new(null, null, null, null, false);

        public ReviewComparison LastYear { get; set; } = new(null, null, null, null, false);

        public ReviewStage Build() => new(Key, Name, exits, advanced, Conversion, low, high, tooFew, cumulative, Target,
            Target is { } t && Conversion is { } c ? c >= t : null, lost, Previous, LastYear);
    }

    private sealed class KpiBuilder(string key, double? value, double? low, double? high, double? target, bool complete)
    {
        public ReviewComparison Previous { get; set; } = new(null, null, null, null, false);

        public ReviewComparison LastYear { get; set; } = new(null, null, null, null, false);

        public ReviewKpi Build() => new(key, value, low, high, Previous, LastYear, target,
            target is { } t && value is { } v ? (v >= t ? true : complete ? false : null) : null);
    }

    private static List<KpiBuilder> Kpis(WindowCounts[] counts, IReadOnlyList<Targets.SalesTargetEntry> targets, ReviewQuery query, bool complete, List<(double P, Action<double> Resolve)> tests)
    {
        // The review's own target: the team's when it is a team's review, else the workspace's.
        var own = targets.FirstOrDefault(t => t.Rep is null && t.Team == query.Team && !t.Remove);
        var result = new List<KpiBuilder>();
        foreach (var key in KpiKeys)
        {
            double? Of(WindowCounts w) => key switch
            {
                "newLeads" => w.Flows.NewLeads,
                "closed" => w.Flows.Closed,
                "won" => w.Flows.Won,
                "lost" => w.Flows.Closed - w.Flows.Won,
                "winRate" => w.Flows.WinRate,
                _ => (double)w.Flows.WonAmount,
            };
            var value = Of(counts[0]);
            var (low, high) = key == "winRate" ? Wilson.Interval(counts[0].Flows.Won, counts[0].Flows.Closed) : (null, null);
            double? target = key switch
            {
                "won" => own?.WonCount,
                "wonAmount" => (double?)own?.WonAmount,
                _ => null,
            };
            var builder = new KpiBuilder(key, value, low, high, target, complete);
            if (key == "winRate")
            {
                var f = counts[0].Flows;
                Compare(f.Won, f.Closed, counts[1].Flows.Won, counts[1].Flows.Closed, query.MinN, tests, c => builder.Previous = c);
                Compare(f.Won, f.Closed, counts[2].Flows.Won, counts[2].Flows.Closed, query.MinN, tests, c => builder.LastYear = c);
            }
            else
            {
                builder.Previous = new ReviewComparison(Of(counts[1]), value - Of(counts[1]), null, null, false);
                builder.LastYear = new ReviewComparison(Of(counts[2]), value - Of(counts[2]), null, null, false);
            }
            result.Add(builder);
        }
        return result;
    }

    /// <summary>Stage and reason pairs that lost more deals than the month before, most grown first.</summary>
    private static IReadOnlyList<ReviewLoss> Losses(FunnelFacts facts, WindowCounts month, WindowCounts previous, IReadOnlyDictionary<string, LocalizedText> names, string language) =>
        [.. month.LostByReason
            .Select(l => new ReviewLoss(
                facts.Rows[l.Key.Row].Key, facts.Rows[l.Key.Row].Name.For(language),
                l.Key.Reason, names.TryGetValue(l.Key.Reason, out var name) ? name.For(language) : l.Key.Reason,
                l.Value, previous.LostByReason.GetValueOrDefault(l.Key)))
            .Where(l => l.Change > 0)
            .OrderByDescending(l => l.Change).ThenBy(l => l.Stage, StringComparer.Ordinal).ThenBy(l => l.Reason, StringComparer.Ordinal)];

    private static IReadOnlyList<ReviewTarget> Targets(WindowCounts month, List<StageBuilder> stages, IReadOnlyList<Targets.SalesTargetEntry> targets, TeamRoster roster, ReviewQuery query, bool complete)
    {
        bool? Hit(double target, double? actual) => actual is not { } a ? null : a >= target ? true : complete ? false : null;
        var result = new List<ReviewTarget>();
        var teamLogins = query.Team is { } reviewed
            ? roster.Members.Where(m => m.Team == reviewed).Select(m => m.Login).ToHashSet(StringComparer.Ordinal)
            : null;
        // A team's review holds its own and its reps' targets; the workspace's every row the caller may see.
        foreach (var t in targets.Where(t => !t.Remove && (teamLogins is null || (t.Rep is { } r ? teamLogins.Contains(r) : t.Team == query.Team))))
        {
            (long Won, decimal Amount)? actual = t.Rep is { } rep ? month.WonByOwner.GetValueOrDefault(rep)
                : t.Team is { } team ? month.WonByTeam.GetValueOrDefault(team)
                : (month.Flows.Won, month.Flows.WonAmount);
            if (t.WonAmount is { } amount)
            {
                var a = actual is { } x ? (double)x.Amount : (double?)null;
                result.Add(new ReviewTarget("wonAmount", t.Team, t.Rep, null, (double)amount, a, Hit((double)amount, a)));
            }
            if (t.WonCount is { } count)
            {
                var a = actual is { } x ? x.Won : (double?)null;
                result.Add(new ReviewTarget("wonCount", t.Team, t.Rep, null, count, a, Hit(count, a)));
            }
        }
        foreach (var stage in stages.Where(s => s.Target is not null))
        {
            result.Add(new ReviewTarget("conversion", query.Team, null, stage.Key, stage.Target!.Value, stage.Conversion,
                stage.Conversion is { } c ? c >= stage.Target : null));
        }
        return result;
    }
}
