using System.Text.Json.Nodes;
using Loudou.Core.Analytics;
using Loudou.Storage;
using Loudou.Storage.Records;
using Loudou.Web.Analytics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary>The answers of <c>/api/v1/analytics/bottlenecks</c>, <c>/drivers</c>, <c>/losses</c> and <c>/whatif</c>, made in one place for the endpoints and the pages.</summary>
/// <remarks>The dashboard's panels ask these in its circuit with its own parameters, so they show the API's answers in the caller's scope.</remarks>
public sealed class AnalysisAnswers(AnalyticsSnapshots snapshots, LoudouDbContext db, TimeProvider clock)
{
    /// <summary>The bottleneck JSON of docs/metrics.md, or the refusal naming every bad parameter.</summary>
    /// <param name="query">The request's query string, to refuse unknown and repeated parameters; null from a page.</param>
    public async Task<Results<Ok<JsonObject>, ProblemHttpResult>> BottlenecksAsync(BottleneckParameters parameters, IQueryCollection? query, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var (minN, alpha) = Levels(parameters.MinN ?? FunnelQuery.DefaultMinN, parameters.Alpha, errors);
        var (asked, refused) = await AnalysisReader.ReadAsync(query, snapshots, db, parameters, BottleneckParameters.Names, errors, cancellationToken, "by");
        if (refused is not null)
        {
            return refused;
        }
        var (snapshot, shared) = asked!.Value;
        // A blank by is no dimension, as on the funnel; none at all means the defaults, as on the CLI.
        string[] dimensions = [.. (parameters.By ?? []).Select(ApiResults.Given).OfType<string>()];
        var bottlenecks = new BottleneckQuery
        {
            AsOf = shared.AsOf,
            Dimensions = dimensions.Length > 0 ? dimensions : BottleneckQuery.DefaultDimensions,
            Where = shared.Where,
            From = shared.From,
            To = shared.To,
            MinN = minN,
            Alpha = alpha,
            Scope = shared.Scope,
            Language = shared.Language,
        };
        return AnalysisReader.Answer(() => BottleneckJson.Write(Bottlenecks.Find(snapshot.Columns, bottlenecks, clock.GetUtcNow()), snapshot.Columns.Calendar.Zone));
    }

    /// <summary>The drivers JSON of docs/metrics.md, or the refusal: a missing, unknown or outcome stage, or one with too few exits, says so.</summary>
    public async Task<Results<Ok<JsonObject>, ProblemHttpResult>> DriversAsync(DriverParameters parameters, IQueryCollection? query, CancellationToken cancellationToken)
    {
        var (snapshot, drivers, refused) = await ReadDriversAsync(parameters, query, DriverParameters.Names, new(StringComparer.Ordinal), cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        return AnalysisReader.Answer(() => DriverJson.Write(Drivers.Find(snapshot!.Columns, drivers!, clock.GetUtcNow()), snapshot!.Columns.Calendar.Zone));
    }

    /// <summary>The ids of the deals behind one side of a driver's table, newest first; or the refusal.</summary>
    public async Task<(IReadOnlyList<long> Ids, ProblemHttpResult? Refused)> DriverDealIdsAsync(
        DriverParameters parameters, DriverDrillParameters drill, IQueryCollection? query, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, given) in new[] { ("feature", drill.Feature), ("value", drill.Value) })
        {
            if (ApiResults.Given(given) is null)
            {
                errors[name] = [$"{name} is required: the driver's {name}, as the drivers answer names it."];
            }
        }
        if (drill.Side is not (null or "with" or "without"))
        {
            errors["side"] = [$"side must be with or without, was '{drill.Side}'."];
        }
        ApiResults.CheckPaging(errors, drill.Page, drill.PageSize);
        var (snapshot, drivers, refused) = await ReadDriversAsync(parameters, query, [.. DriverParameters.Names, .. DriverDrillParameters.Names], errors, cancellationToken);
        if (refused is not null)
        {
            return ([], refused);
        }
        try
        {
            return ([.. Drivers.DealIds(snapshot!.Columns, drivers!, clock.GetUtcNow(), drill.Feature!.Trim(), drill.Value!, drill.Side != "without").OrderDescending()], null);
        }
        catch (Core.DomainRuleException e)
        {
            return ([], ApiResults.Invalid(e));
        }
    }

    /// <summary>The drivers query a request asks, with the snapshot it runs on; or the refusal naming every bad parameter, <paramref name="errors"/> included.</summary>
    private async Task<(LoadedSnapshot? Snapshot, DriverQuery? Query, ProblemHttpResult? Refused)> ReadDriversAsync(
        DriverParameters parameters, IQueryCollection? query, string[] known, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var (minN, alpha) = Levels(parameters.MinN ?? DriverQuery.DefaultMinN, parameters.Alpha, errors);
        if (ApiResults.Given(parameters.Stage) is null)
        {
            errors["stage"] = ["stage is required: the key of the open stage whose exits are compared."];
        }
        var (asked, refused) = await AnalysisReader.ReadAsync(query, snapshots, db, parameters, known, errors, cancellationToken);
        if (refused is not null)
        {
            return (null, null, refused);
        }
        var (snapshot, shared) = asked!.Value;
        return (snapshot, new DriverQuery
        {
            Stage = parameters.Stage!.Trim(),
            AsOf = shared.AsOf,
            Where = shared.Where,
            From = shared.From,
            To = shared.To,
            MinN = minN,
            Alpha = alpha,
            Scope = shared.Scope,
            Language = shared.Language,
        }, null);
    }

    /// <summary>The loss Pareto JSON of docs/metrics.md, or the refusal.</summary>
    public async Task<Results<Ok<JsonObject>, ProblemHttpResult>> LossesAsync(LossParameters parameters, IQueryCollection? query, CancellationToken cancellationToken)
    {
        var (asked, refused) = await AnalysisReader.ReadAsync(query, snapshots, db, parameters, LossParameters.Names, new(StringComparer.Ordinal), cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        var (snapshot, funnel) = asked!.Value;
        return AnalysisReader.Answer(() => LossJson.Write(LossPareto.Compute(snapshot.Columns, funnel, clock.GetUtcNow()), snapshot.Columns.Calendar.Zone));
    }

    /// <summary>The what-if JSON of docs/metrics.md, or the refusal.</summary>
    public async Task<Results<Ok<JsonObject>, ProblemHttpResult>> WhatIfAsync(WhatIfParameters parameters, IQueryCollection? query, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var points = parameters.Points ?? WhatIf.DefaultPoints;
        RecordWrites.Check(errors, () => FunnelQueryChecks.Points(points));
        var (asked, refused) = await AnalysisReader.ReadAsync(query, snapshots, db, parameters, WhatIfParameters.Names, errors, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        var (snapshot, funnel) = asked!.Value;
        return AnalysisReader.Answer(() => WhatIfJson.Write(WhatIf.Compute(snapshot.Columns, funnel, clock.GetUtcNow(), points), snapshot.Columns.Calendar.Zone));
    }

    /// <summary>A test's floor and level (the level 0.05 when not given), each refused into <paramref name="errors"/> when out of range.</summary>
    private static (int MinN, double Alpha) Levels(int minN, double? alpha, Dictionary<string, string[]> errors)
    {
        var level = alpha ?? BottleneckQuery.DefaultAlpha;
        RecordWrites.Check(errors, () => FunnelQueryChecks.MinN(minN));
        RecordWrites.Check(errors, () => FunnelQueryChecks.Alpha(level));
        return (minN, level);
    }
}
