using System.Text.Json.Nodes;
using Loudou.Core;
using Loudou.Core.Analytics;
using Loudou.Core.Pipelines;
using Loudou.Storage;
using Loudou.Storage.Records;
using Loudou.Web.Analytics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary>The answers of <c>/api/v1/analytics/funnel</c> and <c>/funnel/deals</c>, made in one place for the endpoints and the pages.</summary>
/// <remarks>
/// The funnel dashboard asks these in its circuit with the parameters of its address, so the figures it shows
/// are the API's for the same address, in the caller's scope (the context is the caller's unit of work).
/// </remarks>
public sealed class FunnelAnswers(AnalyticsSnapshots snapshots, LoudouDbContext db, TimeProvider clock)
{
    /// <summary>The funnel JSON of docs/metrics.md, or the refusal naming every bad parameter.</summary>
    /// <param name="query">The request's query string, to refuse unknown and repeated parameters; null from a page.</param>
    public async Task<Results<Ok<JsonObject>, ProblemHttpResult>> FunnelAsync(FunnelParameters parameters, IQueryCollection? query, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var cohortStage = CheckFunnel(parameters, errors);
        var (asked, refused) = await AnalysisReader.ReadAsync(query, snapshots, db, parameters, FunnelParameters.Names, errors, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        var (snapshot, shared) = asked!.Value;
        var funnel = Funnel(shared, parameters, cohortStage);
        var now = clock.GetUtcNow();
        return AnalysisReader.Answer(() =>
        {
            var report = FunnelEngine.Compute(snapshot.Columns, funnel, now);
            var comparison = parameters.Compare is null ? null
                : PeriodComparison.Compute(snapshot.Columns, funnel, now, parameters.Compare == "previous-year" ? CompareWith.PreviousYear : CompareWith.PreviousPeriod, funnel.From, funnel.To);
            return FunnelJson.Write(report, snapshot.Columns.Calendar.Zone, funnel.Curves, comparison);
        });
    }

    /// <summary>The ids of the deals behind one number of the funnel, newest first; or the refusal.</summary>
    /// <remarks>With a stage, a row's measure (entered, advanced, lost, open); without, a total (deals, won, lost, open).</remarks>
    public async Task<(IReadOnlyList<long> Ids, ProblemHttpResult? Refused)> DealIdsAsync(
        FunnelParameters parameters, DrillParameters drill, IQueryCollection? query, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var stage = ApiResults.Given(drill.Stage);
        var (rowMeasure, outcome, known) = Measure(stage, drill.Measure);
        if (!known)
        {
            errors["measure"] = [stage is null
                ? $"measure must be deals, won, lost or open without a stage, was '{drill.Measure}'."
                : $"measure must be entered, advanced, lost or open on a stage row, was '{drill.Measure}'."];
        }
        ApiResults.CheckPaging(errors, drill.Page, drill.PageSize);
        if (drill.Reason is not null && (stage is null || rowMeasure != FunnelMeasure.Lost))
        {
            errors["reason"] = ["reason needs a stage and measure=lost: it is one bar of the losses."];
        }
        if (drill.Group is not null && parameters.By is null)
        {
            errors["group"] = ["group needs by: it is one of the breakdown's groups."];
        }
        var cohortStage = CheckFunnel(parameters, errors);
        var (asked, refused) = await AnalysisReader.ReadAsync(query, snapshots, db, parameters, [.. FunnelParameters.Names, .. DrillParameters.Names], errors, cancellationToken);
        if (refused is not null)
        {
            return ([], refused);
        }
        var (snapshot, shared) = asked!.Value;
        var funnel = Funnel(shared, parameters, cohortStage);
        var now = clock.GetUtcNow();
        try
        {
            // Newest first, as the deal list; the engine gives them in snapshot order, which a refresh reshuffles.
            var ids = stage is null
                ? FunnelEngine.TotalDealIds(snapshot.Columns, funnel, now, outcome, drill.Group)
                : FunnelEngine.DealIds(snapshot.Columns, funnel, now, stage, rowMeasure, drill.Group, lossReason: drill.Reason);
            return ([.. ids.OrderDescending()], null);
        }
        catch (DomainRuleException e)
        {
            return ([], ApiResults.Invalid(e));
        }
    }

    /// <summary>What a drill-down's measure names: a row's measure with a stage, an outcome (null: every deal) without.</summary>
    private static (FunnelMeasure Row, StageKind? Outcome, bool Known) Measure(string? stage, string? measure) => (stage, measure) switch
    {
        (null, null or "deals") => (default, null, true),
        (null, "won") => (default, StageKind.Won, true),
        (null, "lost") => (default, StageKind.Lost, true),
        (null, "open") => (default, StageKind.Open, true),
        (null, _) => (default, null, false),
        (_, null or "entered") => (FunnelMeasure.Entered, null, true),
        (_, "advanced") => (FunnelMeasure.Advanced, null, true),
        (_, "lost") => (FunnelMeasure.Lost, null, true),
        (_, "open") => (FunnelMeasure.Open, null, true),
        _ => (default, null, false),
    };

    /// <summary>Checks the funnel's own parameters into the errors; the stage whose entry makes the cohorts (null: creation).</summary>
    private static string? CheckFunnel(FunnelParameters parameters, Dictionary<string, string[]> errors)
    {
        if (parameters.Compare is not null and not ("previous-period" or "previous-year"))
        {
            errors["compare"] = [$"compare must be previous-period or previous-year, was '{parameters.Compare}'."];
        }
        string? cohortStage = null;
        RecordWrites.Check(errors, () => cohortStage = AnalysisText.Cohort(parameters.Cohort));
        RecordWrites.Check(errors, () => FunnelQueryChecks.MinN(parameters.MinN ?? FunnelQuery.DefaultMinN));
        return cohortStage;
    }

    private static FunnelQuery Funnel(FunnelQuery shared, FunnelParameters parameters, string? cohortStage) => shared with
    {
        Strict = parameters.Strict ?? false,
        MinN = parameters.MinN ?? FunnelQuery.DefaultMinN,
        By = ApiResults.Given(parameters.By),
        CohortStage = cohortStage,
        Curves = parameters.Curves ?? false,
        Times = parameters.Times ?? true,
    };
}
