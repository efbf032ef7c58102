using System.Globalization;
using Loudou.Core.Pipelines;

namespace Loudou.Core.Analytics;

/// <summary>What the funnel counts a deal as: drill-down targets of a row.</summary>
public enum FunnelMeasure
{
    Entered,
    Advanced,
    Lost,
    Open,
}

/// <summary>Computes the funnel of docs/metrics.md from a <see cref="FunnelSnapshot"/>.</summary>
/// <remarks>
/// One pass over the deals turns each into a few facts as of the chosen moment (outcome, furthest
/// stage reached, stages shown, first stay per stage), then every figure is a count over those
/// facts. Pure and exact: no sampling, no caching, no clock except the <c>now</c> it is given.
/// </remarks>
public static partial class FunnelEngine
{
    /// <summary>Days without events after which an as-of defaults to the latest event instead of now.</summary>
    public const int StaleDays = 30;

    public static FunnelReport Compute(FunnelSnapshot snapshot, FunnelQuery query, DateTimeOffset now)
    {
        var context = Prepare(snapshot, query, now);
        var total = Figures(context, context.Facts);
        IReadOnlyList<FunnelGroup>? groups = null;
        if (query.By is { } by)
        {
            groups = [.. context.Facts
                .SelectMany(f => ValuesOf(context, f, by).Select(v => (Key: v, Fact: f)))
                .GroupBy(x => x.Key, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new FunnelGroup(g.Key, Figures(context, [.. g.Select(x => x.Fact)])))];
        }
        return FunnelTargets.Attach(new FunnelReport(snapshot.Pipeline.Key, context.AsOf, total, query.By, groups) { MinN = query.MinN },
            snapshot.Targets, context.Rows, query, snapshot.Calendar);
    }

    /// <summary>The ids of the deals behind one cell: a stage row's measure, in one group or in all.</summary>
    public static IReadOnlyList<long> DealIds(FunnelSnapshot snapshot, FunnelQuery query, DateTimeOffset now, string stage, FunnelMeasure measure, string? group = null)
    {
        var context = Prepare(snapshot, query, now);
        var row = context.Rows.FindIndex(s => s.Key == stage);
        if (row < 0)
        {
            Guard.Throw("stage", $"stage '{stage}' is not a row of pipeline '{snapshot.Pipeline.Key}'; rows: {string.Join(", ", context.Rows.Select(s => s.Key))}.");
        }
        var facts = group is null || query.By is null
            ? context.Facts
            : context.Facts.Where(f => ValuesOf(context, f, query.By).Contains(group)).ToList();
        return [.. facts.Where(f => Counts(context, f, row, measure)).Select(f => f.Deal.Id)];
    }

    /// <summary>Every selected deal's facts and its exits per row, for the analyses built on the funnel (bottlenecks, comparisons, losses).</summary>
    /// <remarks>The reference for the columnar path's facts (<see cref="Facts(ColumnarSnapshot, FunnelQuery, DateTimeOffset, int)"/>), which tests compare with it.</remarks>
    internal static FunnelFacts Facts(FunnelSnapshot snapshot, FunnelQuery query, DateTimeOffset now)
    {
        var context = Prepare(snapshot, query, now);
        var deals = context.Facts.Select((f, i) => new FactView(
            i,
            f.Deal.Id,
            f.Deal.Amount,
            f.Deal.LossReason,
            f.Outcome,
            [.. context.Rows.Select((_, row) => Counts(context, f, row, FunnelMeasure.Open))],
            [.. context.Rows.Select((_, row) => Counts(context, f, row, FunnelMeasure.Lost))],
            [.. context.Rows.Select((_, row) => ExitOf(context, f, row))],
            [.. context.Rows.Select((stage, _) => f.Stays.TryGetValue(stage.Id, out var stay) ? stay.Days : (double?)null)],
            [.. context.Rows.Select((stage, _) => f.Stays.TryGetValue(stage.Id, out var stay) && stay.Ended)])
        {
            StayFrom = [.. context.Rows.Select((stage, _) => f.Stays.TryGetValue(stage.Id, out var stay) ? stay.From : (DateTimeOffset?)null)],
            ClosedAt = f.Outcome != StageKind.Open ? f.Steps[^1].At : null,
        }).ToList();
        return new FunnelFacts(snapshot.Pipeline.Key, snapshot.Calendar, context.AsOf, context.Rows, deals, (view, dimension) => ValuesOf(context, context.Facts[view.Index], dimension))
        {
            Targets = snapshot.Targets,
            Work = view => DealWork.Of(context.Facts[view.Index].Deal),
        };
    }

    /// <summary>
    /// When and how a deal left a row (docs/metrics.md, "Exit-based conversion"): advanced at its first
    /// row beyond the stage, or lost there at its loss row. Null when it did not leave, or left at an unknown time.
    /// </summary>
    private static StageExit? ExitOf(Context context, DealFact fact, int row)
    {
        var stage = context.Rows[row];
        if (stage.Kind != StageKind.Open || !Counts(context, fact, row, FunnelMeasure.Entered))
        {
            return null;
        }
        if (fact.Furthest > stage.Position)
        {
            var pipeline = context.Snapshot.Pipeline;
            var beyond = fact.Steps.First(s => pipeline.FindStage(s.StageId) is { Kind: not StageKind.Lost } st && st.Position > stage.Position);
            return beyond.At is { } at ? new StageExit(at, true) : null;
        }
        return Counts(context, fact, row, FunnelMeasure.Lost) && fact.Steps[^1].At is { } lostAt ? new StageExit(lostAt, false) : null;
    }

    /// <summary>The as-of moment the engine uses when none is asked for.</summary>
    public static DateTimeOffset DefaultAsOf(FunnelSnapshot snapshot, DateTimeOffset now) => DefaultAsOf(snapshot.LatestEvent, now);

    internal static DateTimeOffset DefaultAsOf(DateTimeOffset? latestEvent, DateTimeOffset now) =>
        latestEvent is { } latest && now - latest > TimeSpan.FromDays(StaleDays) ? latest : now;

    private static Context Prepare(FunnelSnapshot snapshot, FunnelQuery query, DateTimeOffset now)
    {
        var pipeline = snapshot.Pipeline;
        var rows = pipeline.Stages.Where(s => s.Kind != StageKind.Lost).ToList();
        var (cohortStage, _) = FunnelQueryChecks.Query(pipeline, snapshot.Deals.Count, query, FunnelQueryChecks.CustomKnown(snapshot), snapshot.PipelinesWithDeals);
        var asOf = query.AsOf ?? DefaultAsOf(snapshot, now);
        var context = new Context(snapshot, query, asOf, rows, cohortStage);
        foreach (var (dimension, value) in query.Where.Where(w => w.Dimension != "cohort"))
        {
            if (!snapshot.Deals.Any(d => context.Values(d, dimension).Contains(value)))
            {
                FunnelQueryChecks.NoDealHas(dimension, value);
            }
        }
        foreach (var deal in snapshot.Deals)
        {
            if (Fact(context, deal) is { } fact && Selected(context, fact))
            {
                context.Facts.Add(fact);
            }
        }
        return context;
    }

    private static DealFact? Fact(Context context, FunnelDeal deal)
    {
        if (deal.CreatedAt > context.AsOf)
        {
            return null;
        }
        var pipeline = context.Snapshot.Pipeline;
        var steps = deal.History.Where(h => h.At is null || h.At <= context.AsOf).ToList();
        if (steps.Count == 0)
        {
            return null;
        }
        var current = pipeline.FindStage(steps[^1].StageId)!;
        var shown = new HashSet<int>(steps.Select(s => s.StageId));
        // Furthest Open or Won position reached; a deal whose history holds neither was a lead lost at once.
        var furthest = steps.Select(s => pipeline.FindStage(s.StageId)!).Where(s => s.Kind != StageKind.Lost).Select(s => s.Position).DefaultIfEmpty(context.Rows[0].Position).Max();
        // Per stage, its first dated entry whose end is known (the next row is dated) or that is still
        // running (the last row, censored at the as-of moment); an entry followed by an undated row is
        // skipped, so a later dated re-entry counts. Any next row ends the stay: advance, loss or a move back.
        var stays = new Dictionary<int, Stay>();
        for (var i = 0; i < steps.Count; i++)
        {
            if (stays.ContainsKey(steps[i].StageId) || steps[i].At is not { } from)
            {
                continue;
            }
            if (i == steps.Count - 1)
            {
                stays[steps[i].StageId] = new Stay((context.AsOf - from).TotalDays, false, from, 0);
            }
            else if (steps[i + 1].At is { } to)
            {
                stays[steps[i].StageId] = new Stay((to - from).TotalDays, true, from, EndedBy(pipeline, steps[i].StageId, steps[i + 1].StageId));
            }
        }
        // Time to close: creation (else the first dated row) to the last row when the outcome is Won or
        // Lost; an open deal is censored at the as-of moment.
        Stay? toClose = null;
        if ((deal.CreatedAt ?? steps.FirstOrDefault(s => s.At is not null).At) is { } start)
        {
            if (current.Kind == StageKind.Open)
            {
                toClose = new Stay((context.AsOf - start).TotalDays, false, start, 0);
            }
            else if (steps[^1].At is { } closed)
            {
                toClose = new Stay((closed - start).TotalDays, true, start, current.Kind == StageKind.Won ? 1 : 2);
            }
        }
        DateTimeOffset? cohortAt = context.CohortStage is null
            ? deal.CreatedAt
            : steps.FirstOrDefault(s => s.StageId == context.CohortStage.Id).At;
        return new DealFact(deal, steps, current.Kind, furthest, shown, stays, toClose, cohortAt is null ? null : context.Snapshot.Calendar.DateOf(cohortAt.Value));
    }

    private static bool Selected(Context context, DealFact fact)
    {
        var query = context.Query;
        if ((query.From is not null || query.To is not null)
            && (fact.CohortDate is not { } date || date < query.From || date > query.To))
        {
            return false;
        }
        return (query.Scope is null || query.Scope.Sees(fact.Deal)) && query.Where.All(w => ValuesOf(context, fact, w.Dimension).Contains(w.Value));
    }

    private static FunnelFigures Figures(Context context, IReadOnlyList<DealFact> facts)
    {
        var parts = new FigureParts(context.Rows.Count);
        foreach (var fact in facts)
        {
            parts.AddDeal(fact.Outcome, fact.Deal.Amount);
            for (var i = 0; i < context.Rows.Count; i++)
            {
                var stage = context.Rows[i];
                parts.Entered[i] += Counts(context, fact, i, FunnelMeasure.Entered) ? 1 : 0;
                if (stage.Kind == StageKind.Won)
                {
                    continue;
                }
                parts.Advanced[i] += Counts(context, fact, i, FunnelMeasure.Advanced) ? 1 : 0;
                parts.Lost[i] += Counts(context, fact, i, FunnelMeasure.Lost) ? 1 : 0;
                if (Counts(context, fact, i, FunnelMeasure.Open))
                {
                    parts.Open[i]++;
                    parts.OpenAmount[i] += fact.Deal.Amount ?? 0;
                }
                if (fact.Stays.TryGetValue(stage.Id, out var stay))
                {
                    parts.Stays[i].Add(stay.Days, stay.Cause);
                }
            }
            if (fact.ToClose is { } toClose)
            {
                parts.ToClose.Add(toClose.Days, toClose.Cause);
            }
        }
        return parts.Assemble(context.Rows, context.Query);
    }

    /// <summary>Whether a deal counts in a row's measure: the one definition every figure and drill-down uses.</summary>
    private static bool Counts(Context context, DealFact fact, int row, FunnelMeasure measure)
    {
        var stage = context.Rows[row];
        var entered = context.Query.Strict
            ? fact.Shown.Contains(stage.Id) || (row == 0 && fact.Shown.All(id => context.Snapshot.Pipeline.FindStage(id)!.Kind == StageKind.Lost))
            : fact.Furthest >= stage.Position;
        return measure switch
        {
            FunnelMeasure.Entered => entered,
            FunnelMeasure.Advanced => entered && stage.Kind != StageKind.Won && fact.Furthest > stage.Position,
            // The Won row shows only who entered it: a deal moved back from Won is open, but not open "in" Won.
            FunnelMeasure.Lost => entered && stage.Kind != StageKind.Won && fact.Outcome == StageKind.Lost && fact.Furthest == stage.Position,
            FunnelMeasure.Open => entered && stage.Kind != StageKind.Won && fact.Outcome == StageKind.Open && fact.Furthest == stage.Position,
            _ => false,
        };
    }

    private static IReadOnlyList<string> ValuesOf(Context context, DealFact fact, string dimension) =>
        dimension == "cohort"
            ? (fact.CohortDate is { } date ? [date.ToString("yyyy-MM", CultureInfo.InvariantCulture)] : [])
            : context.Values(fact.Deal, dimension);

    private sealed record DealFact(FunnelDeal Deal, List<(int StageId, DateTimeOffset? At)> Steps, StageKind Outcome, int Furthest, HashSet<int> Shown, Dictionary<int, Stay> Stays, Stay? ToClose, DateOnly? CohortDate);

    /// <summary>A stay's length in days, whether it ended (false: still running at the as-of moment), when it began, and how it ended.</summary>
    /// <param name="Cause">0 still running; in a stage 1 advanced, 2 lost, 3 moved back; to close 1 won, 2 lost.</param>
    private readonly record struct Stay(double Days, bool Ended, DateTimeOffset From, int Cause);

    /// <summary>How a stay in one stage ended, by the next row's stage: 1 advanced, 2 lost, 3 moved back (or to the same position).</summary>
    private static int EndedBy(Pipeline pipeline, int stageId, int nextId)
    {
        var next = pipeline.FindStage(nextId)!;
        return next.Kind == StageKind.Lost ? 2 : next.Position > pipeline.FindStage(stageId)!.Position ? 1 : 3;
    }

    private sealed class Context(FunnelSnapshot snapshot, FunnelQuery query, DateTimeOffset asOf, List<Stage> rows, Stage? cohortStage)
    {
        private static readonly IReadOnlyList<string> Blank = [""];

        public FunnelSnapshot Snapshot { get; } = snapshot;

        public FunnelQuery Query { get; } = query;

        public DateTimeOffset AsOf { get; } = asOf;

        public List<Stage> Rows { get; } = rows;

        public Stage? CohortStage { get; } = cohortStage;

        public List<DealFact> Facts { get; } = [];

        /// <summary>A deal's values of a dimension; blank ("") when it has none, so blank is a group of its own.</summary>
        public IReadOnlyList<string> Values(FunnelDeal deal, string dimension) =>
            deal.Dimensions.TryGetValue(dimension, out var values) && values.Count > 0 ? values : Blank;
    }
}
