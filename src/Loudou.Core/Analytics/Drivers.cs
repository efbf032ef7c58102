using Loudou.Core.Pipelines;

namespace Loudou.Core.Analytics;

/// <summary>What to ask <see cref="Drivers"/>; defaults as docs/metrics.md ("Drivers") gives them.</summary>
public sealed record DriverQuery
{
    /// <summary>The deal attributes tested, besides every custom field ("custom.KEY") some deal has.</summary>
    public static IReadOnlyList<string> AttributeDimensions { get; } = ["channel", "industry", "sizeBand", "region", "product", "tag", "owner", "team"];

    public const int DefaultMinN = 30;

    /// <summary>The Open stage whose exits are compared.</summary>
    public required string Stage { get; init; }

    /// <summary>The moment described; null for the funnel's default.</summary>
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>Filters, as the funnel's.</summary>
    public IReadOnlyList<(string Dimension, string Value)> Where { get; init; } = [];

    /// <summary>First local day of the window the exits fall in; null for no lower bound.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last local day of the window, inclusive; null for the as-of moment.</summary>
    public DateOnly? To { get; init; }

    /// <summary>A feature is tested only when at least this many exits have it and this many do not.</summary>
    public int MinN { get; init; } = DefaultMinN;

    /// <summary>A driver is significant when its Benjamini–Hochberg q-value is at most this.</summary>
    public double Alpha { get; init; } = BottleneckQuery.DefaultAlpha;

    /// <summary>The caller's scope, as on <see cref="FunnelQuery.Scope"/>.</summary>
    public AnalyticsScope? Scope { get; init; }

    public string Language { get; init; } = "en";
}

/// <summary>One feature value tested against advancing from the stage.</summary>
/// <param name="Feature">A dimension ("channel", "custom.KEY"), "action", "requiredActions", "touches" or "firstResponse".</param>
/// <param name="Value">The dimension's value, the action's key, "allDone", or a band ("2-3", ">24h").</param>
/// <param name="Label">How a person reads the value: the action's text, the band in words; the value itself for a dimension.</param>
/// <param name="WithN">Exits of deals with the value; <paramref name="WithAdvanced"/> of them advanced.</param>
/// <param name="WithoutN">Exits of deals without it (where it can be told); <paramref name="WithoutAdvanced"/> of them advanced.</param>
/// <param name="OddsRatio">Odds of advancing with the value over the odds without; Haldane–Anscombe corrected when a cell is empty (<paramref name="Corrected"/>).</param>
/// <param name="PValue">Two-sided Wald test of the log odds ratio.</param>
/// <param name="QValue">Benjamini–Hochberg over every feature value tested in the run.</param>
public sealed record Driver(
    string Feature, string Value, string Label, long WithN, long WithAdvanced, long WithoutN, long WithoutAdvanced,
    double OddsRatio, double CiLow, double CiHigh, double PValue, double QValue, bool Corrected, bool Significant);

/// <summary>The answer of <c>loudou drivers</c>: the stage, its exits in the window, and the drivers, significant first.</summary>
/// <param name="From">Start of the window of exits; null when unbounded.</param>
/// <param name="ToExcl">End of the window, exclusive.</param>
/// <param name="Exits">Deals that left the stage in the window; <paramref name="Advanced"/> of them advanced.</param>
/// <param name="Tests">Feature values tested together under one Benjamini–Hochberg correction.</param>
/// <param name="Untested">Feature values left out for having fewer than the floor of exits with or without them.</param>
public sealed record DriverReport(
    string Pipeline, string Stage, string Name, DateTimeOffset AsOf, DateTimeOffset? From, DateTimeOffset ToExcl,
    long Exits, long Advanced, int Tests, int Untested, int MinN, double Alpha, IReadOnlyList<Driver> Items);

/// <summary>
/// What goes with advancing from a stage (docs/metrics.md, "Drivers"): for each deal attribute value, completed standard
/// action and activity pattern, the odds ratio of advancing against not advancing among the deals that left the stage.
/// </summary>
/// <remarks>An association over the team's own history, not a cause: a rep who does the actions may also be the better rep.</remarks>
public static class Drivers
{
    /// <summary>Bands of activities during the stay (entry to exit, both included).</summary>
    public static IReadOnlyList<string> TouchBands { get; } = ["0", "1", "2-3", "4+"];

    /// <summary>Bands of hours from creation to the first activity; "none": no activity by the time the deal left the stage.</summary>
    public static IReadOnlyList<string> FirstResponseBands { get; } = ["<1h", "1-4h", "4-24h", ">24h", "none"];

    /// <summary>The drivers over the plain snapshot: the reference the columnar path is tested against.</summary>
    public static DriverReport Find(FunnelSnapshot snapshot, DriverQuery query, DateTimeOffset now)
    {
        var custom = snapshot.Deals.SelectMany(d => d.Dimensions.Keys).Where(k => k.StartsWith("custom.", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal);
        var funnelQuery = Check(snapshot.Pipeline, query);
        return Find(FunnelEngine.Facts(snapshot, funnelQuery, now), query, [.. DriverQuery.AttributeDimensions, .. custom]);
    }

    /// <summary>The drivers over the columnar snapshot a host keeps; the same answer as the plain path's.</summary>
    public static DriverReport Find(ColumnarSnapshot snapshot, DriverQuery query, DateTimeOffset now, int threads = 0)
    {
        var funnelQuery = Check(snapshot.Pipeline, query);
        var dimensions = snapshot.DimensionNames.Where(d => d.StartsWith("custom.", StringComparison.Ordinal));
        return Find(FunnelEngine.Facts(snapshot, funnelQuery, now, threads), query, [.. DriverQuery.AttributeDimensions, .. dimensions]);
    }

    /// <summary>Refuses a bad query before any work: an unknown or outcome stage, a bad floor, level or window.</summary>
    private static FunnelQuery Check(Pipeline pipeline, DriverQuery query)
    {
        FunnelQueryChecks.Alpha(query.Alpha);
        FunnelQueryChecks.MinN(query.MinN);
        FunnelQueryChecks.Range(query.From, query.To);
        var open = string.Join(", ", pipeline.Stages.Where(s => s.Kind == StageKind.Open).Select(s => s.Key));
        if (pipeline.Stages.FirstOrDefault(s => s.Key == query.Stage) is not { } stage)
        {
            Guard.Throw("stage", $"{new FieldName("stage")} '{query.Stage}' is not a stage of pipeline '{pipeline.Key}'; its open stages: {open}.");
        }
        else if (stage.Kind != StageKind.Open)
        {
            Guard.Throw("stage", $"{new FieldName("stage")} '{stage.Key}' is an outcome stage ({stage.Kind.ToString().ToLowerInvariant()}): deals end there rather than advance; ask for an open stage: {open}.");
        }
        return new FunnelQuery { AsOf = query.AsOf, Where = query.Where, Scope = query.Scope, Language = query.Language };
    }

    private static DriverReport Find(FunnelFacts facts, DriverQuery query, IReadOnlyList<string> dimensions)
    {
        var exits = ExitsOf(facts, query);
        var (stage, row, list, works) = (exits.Stage, exits.Row, exits.List, exits.Works);
        var advanced = list.LongCount(e => e.Exit.Advanced);
        var language = query.Language;
        var name = stage.Name.For(language);
        if (list.Count < 2 * query.MinN)
        {
            Guard.Throw("stage", $"{name} ({stage.Key}): {list.Count} deals left the stage in the window ({advanced} advanced); testing a feature needs at least {query.MinN} deals with it and {query.MinN} without, so nothing can be tested.");
        }

        var tables = new List<Table>();
        foreach (var dimension in dimensions)
        {
            var counts = new Dictionary<string, (long N, long Advanced)>(StringComparer.Ordinal);
            foreach (var (deal, exit) in list)
            {
                foreach (var value in facts.Values(deal, dimension).Distinct(StringComparer.Ordinal))
                {
                    if (value.Length > 0)
                    {
                        var (n, a) = counts.GetValueOrDefault(value);
                        counts[value] = (n + 1, a + (exit.Advanced ? 1 : 0));
                    }
                }
            }
            // Every exit can be told to hold a value or not: a deal without one holds none.
            tables.AddRange(counts.OrderBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => new Table(dimension, c.Key, c.Key, c.Value.N, c.Value.Advanced, list.Count - c.Value.N, advanced - c.Value.Advanced)));
        }

        var zh = language.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
        foreach (var action in stage.Actions)
        {
            tables.Add(Split("action", action.Key, action.Text.For(language), list, i => works[i].Completed(action.Id, list[i].Exit.At.UtcTicks)));
        }
        var required = stage.Actions.Where(a => a.Required).ToList();
        if (required.Count > 0)
        {
            tables.Add(Split("requiredActions", "allDone", zh ? "必做动作全部完成" : "all required actions done", list, i => AllDone(required, works[i], list[i].Exit)));
        }
        tables.AddRange(Bands("touches", TouchBands, zh ? "阶段内跟进：{0} 次" : "touches in the stage: {0}", list, i => TouchBand(list[i], works[i], row)));
        tables.AddRange(Bands("firstResponse", FirstResponseBands, zh ? "首次响应：{0}" : "first response: {0}", list, i => ResponseBand(list[i].Exit, works[i])));

        var tested = tables.Where(t => t.WithN >= query.MinN && t.WithoutN >= query.MinN).ToList();
        if (tested.Count == 0)
        {
            Guard.Throw("stage", $"{name} ({stage.Key}): of the {list.Count} deals that left the stage in the window, no feature is held by at least {query.MinN} of them and missing from {query.MinN}, so nothing can be tested.");
        }
        var odds = tested.Select(OddsRatio).ToList();
        var q = BenjaminiHochberg.QValues([.. odds.Select(o => o.PValue)]);
        var items = tested.Select((t, i) => new Driver(
                t.Feature, t.Value, t.Label, t.WithN, t.WithAdvanced, t.WithoutN, t.WithoutAdvanced,
                odds[i].Ratio, odds[i].Low, odds[i].High, odds[i].PValue, q[i], odds[i].Corrected, q[i] <= query.Alpha))
            .OrderByDescending(d => d.Significant)
            .ThenBy(d => d.QValue)
            .ThenByDescending(d => Math.Abs(Math.Log(d.OddsRatio)))
            .ThenBy(d => d.Feature, StringComparer.Ordinal)
            .ThenBy(d => d.Value, StringComparer.Ordinal)
            .ToList();
        return new DriverReport(facts.Pipeline, stage.Key, name, facts.AsOf, exits.From, exits.ToExcl, list.Count, advanced, tested.Count, tables.Count - tested.Count, query.MinN, query.Alpha, items);
    }

    /// <summary>The ids of the deals behind one side of a driver's table: the exits with the feature value, or those without it (where it can be told), in snapshot order.</summary>
    /// <exception cref="DomainRuleException">A bad query as <see cref="Find(ColumnarSnapshot, DriverQuery, DateTimeOffset, int)"/> refuses it; an unknown feature or action.</exception>
    public static IReadOnlyList<long> DealIds(ColumnarSnapshot snapshot, DriverQuery query, DateTimeOffset now, string feature, string value, bool with, int threads = 0)
    {
        var facts = FunnelEngine.Facts(snapshot, Check(snapshot.Pipeline, query), now, threads);
        var exits = ExitsOf(facts, query);
        var (stage, list, works) = (exits.Stage, exits.List, exits.Works);
        var required = stage.Actions.Where(a => a.Required).ToList();
        Func<int, bool?> holds = feature switch
        {
            "action" => stage.Actions.FirstOrDefault(a => a.Key == value) is { } action
                ? i => works[i].Completed(action.Id, list[i].Exit.At.UtcTicks)
                : Refuse($"'{value}' is not a standard action of stage '{stage.Key}'; its actions: {string.Join(", ", stage.Actions.Select(a => a.Key))}."),
            "requiredActions" => i => AllDone(required, works[i], list[i].Exit),
            "touches" => i => TouchBand(list[i], works[i], exits.Row) is { } band ? TouchBands[band] == value : null,
            "firstResponse" => i => ResponseBand(list[i].Exit, works[i]) is { } band ? FirstResponseBands[band] == value : null,
            _ when feature.StartsWith("custom.", StringComparison.Ordinal) || DriverQuery.AttributeDimensions.Contains(feature) => i => facts.Values(list[i].Deal, feature).Contains(value),
            _ => Refuse($"'{feature}' is not a driver feature; features: {string.Join(", ", DriverQuery.AttributeDimensions)}, custom.KEY, action, requiredActions, touches, firstResponse."),
        };
        return [.. list.Where((_, i) => holds(i) == with).Select(e => e.Deal.Id)];
    }

    private static Func<int, bool?> Refuse(string message)
    {
        Guard.Throw("feature", message);
        return _ => null;
    }

    /// <summary>The deals that left the query's stage in its window, each with its exit and its activities.</summary>
    private static Exits ExitsOf(FunnelFacts facts, DriverQuery query)
    {
        var row = facts.Rows.ToList().FindIndex(s => s.Key == query.Stage);
        var calendar = facts.Calendar;
        var toExcl = query.To is { } to ? Min(calendar.StartOf(to.AddDays(1)), facts.AsOf.AddTicks(1)) : facts.AsOf.AddTicks(1);
        DateTimeOffset? from = query.From is { } f ? calendar.StartOf(f) : null;
        var list = facts.Deals
            .Where(d => d.Exits[row] is { } exit && exit.At < toExcl && (from is null || exit.At >= from))
            .Select(d => (Deal: d, Exit: d.Exits[row]!.Value))
            .ToList();
        return new Exits(facts.Rows[row], row, from, toExcl, list, [.. list.Select(e => facts.Work(e.Deal))]);
    }

    private static bool AllDone(IReadOnlyList<StageAction> required, DealWork work, StageExit exit) => required.All(a => work.Completed(a.Id, exit.At.UtcTicks));

    /// <summary>The index in <see cref="TouchBands"/> of the activities during the stay that ended in the exit; null when the stay began at an unknown time.</summary>
    private static int? TouchBand((FactView Deal, StageExit Exit) exit, DealWork work, int row)
    {
        if (exit.Deal.StayFrom[row] is not { } began)
        {
            return null;
        }
        return work.TouchesIn(began.UtcTicks, exit.Exit.At.UtcTicks + 1) switch { 0 => 0, 1 => 1, < 4 => 2, _ => 3 };
    }

    /// <summary>The index in <see cref="FirstResponseBands"/> of the deal's first response as of its exit; null when its creation is unknown.</summary>
    private static int? ResponseBand(StageExit exit, DealWork work)
    {
        if (work.CreatedTicks == ColumnarSnapshot.UnknownTime)
        {
            return null;
        }
        if (work.FirstTouch is not { } first || first > exit.At.UtcTicks)
        {
            return 4;
        }
        return TimeSpan.FromTicks(first - work.CreatedTicks).TotalHours switch { < 1 => 0, < 4 => 1, < 24 => 2, _ => 3 };
    }

    /// <summary>The odds ratio of a 2×2 table with its 95% Wald interval and two-sided p-value; 0.5 is added to every cell when one is empty (Haldane–Anscombe).</summary>
    internal static (double Ratio, double Low, double High, double PValue, bool Corrected) OddsRatio(Table t)
    {
        double a = t.WithAdvanced, b = t.WithN - t.WithAdvanced, c = t.WithoutAdvanced, d = t.WithoutN - t.WithoutAdvanced;
        var corrected = a == 0 || b == 0 || c == 0 || d == 0;
        if (corrected)
        {
            (a, b, c, d) = (a + 0.5, b + 0.5, c + 0.5, d + 0.5);
        }
        var log = Math.Log(a * d / (b * c));
        var se = Math.Sqrt((1 / a) + (1 / b) + (1 / c) + (1 / d));
        var p = Math.Min(1, 2 * Normal.UpperTail(Math.Abs(log) / se));
        return (Math.Exp(log), Math.Exp(log - (Wilson.Z95 * se)), Math.Exp(log + (Wilson.Z95 * se)), p, corrected);
    }

    /// <summary>A yes-or-no feature over the exits: every exit is either with it or without.</summary>
    private static Table Split(string feature, string value, string label, List<(FactView Deal, StageExit Exit)> exits, Func<int, bool> with)
    {
        long withN = 0, withAdvanced = 0, advanced = 0;
        for (var i = 0; i < exits.Count; i++)
        {
            var up = exits[i].Exit.Advanced ? 1 : 0;
            advanced += up;
            if (with(i))
            {
                withN++;
                withAdvanced += up;
            }
        }
        return new Table(feature, value, label, withN, withAdvanced, exits.Count - withN, advanced - withAdvanced);
    }

    /// <summary>One table per band: with it against the other bands, among the exits whose band can be told (<paramref name="bandOf"/> not null).</summary>
    private static IEnumerable<Table> Bands(string feature, IReadOnlyList<string> bands, string label, List<(FactView Deal, StageExit Exit)> exits, Func<int, int?> bandOf)
    {
        var n = new long[bands.Count];
        var up = new long[bands.Count];
        for (var i = 0; i < exits.Count; i++)
        {
            if (bandOf(i) is { } band)
            {
                n[band]++;
                up[band] += exits[i].Exit.Advanced ? 1 : 0;
            }
        }
        var (known, advanced) = (n.Sum(), up.Sum());
        return bands.Select((band, b) => new Table(feature, band, string.Format(System.Globalization.CultureInfo.InvariantCulture, label, band), n[b], up[b], known - n[b], advanced - up[b]));
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private sealed record Exits(Stage Stage, int Row, DateTimeOffset? From, DateTimeOffset ToExcl, List<(FactView Deal, StageExit Exit)> List, DealWork[] Works);

    /// <summary>A feature value's 2×2 table: exits with it and without it, and how many of each advanced.</summary>
    internal sealed record Table(string Feature, string Value, string Label, long WithN, long WithAdvanced, long WithoutN, long WithoutAdvanced);
}
