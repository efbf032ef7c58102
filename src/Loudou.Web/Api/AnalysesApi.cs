using System.Text.Json.Nodes;
using Loudou.Core.Analytics;
using Loudou.Storage;
using Loudou.Storage.Records;
using Loudou.Web.Analytics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary>The analyses built on the funnel, under <c>/api/v1/analytics</c>: bottlenecks, loss reasons and what-if, in the caller's scope.</summary>
/// <remarks>
/// As the funnel: the CLI's options under their JSON names, and the CLI's JSON (docs/metrics.md) written by
/// the same Core writer, so <c>loudou bottlenecks --format json</c> and this answer are the same document.
/// Each runs on the host's columnar snapshot, as the CLI runs on the columns it loads; a rep's peers and segments are the rep's own deals.
/// </remarks>
public static class AnalysesApi
{
    /// <summary>Maps the analyses onto the analytics group (<see cref="AnalyticsApi.MapAnalyticsApi"/>).</summary>
    public static void MapAnalysesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/bottlenecks", BottlenecksAsync).WithName("GetBottlenecks")
            .WithSummary("Stages and segments whose exit-based conversion is significantly below their target, their trailing three months or their peers (or whose time in stage is longer), "
                + "ranked by pipeline value at risk; as loudou bottlenecks --format json gives it.")
            .WithProblems(StatusCodes.Status404NotFound);
        api.MapGet("/losses", LossesAsync).WithName("GetLosses")
            .WithSummary("Loss reasons per stage, most frequent first, with each reason's share and the running (Pareto) share; as loudou losses --format json gives it.")
            .WithProblems(StatusCodes.Status404NotFound);
        api.MapGet("/whatif", WhatIfAsync).WithName("GetWhatIf")
            .WithSummary("The extra won deals and amount if one stage's exit-based conversion rose by some points, everything else equal, stages ranked; as loudou whatif --format json gives it.")
            .WithProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> BottlenecksAsync(
        HttpRequest request, AnalyticsSnapshots snapshots, LoudouDbContext db, TimeProvider clock, [AsParameters] BottleneckParameters parameters, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var (minN, alpha) = (parameters.MinN ?? FunnelQuery.DefaultMinN, parameters.Alpha ?? BottleneckQuery.DefaultAlpha);
        RecordWrites.Check(errors, () => FunnelQueryChecks.MinN(minN));
        RecordWrites.Check(errors, () => FunnelQueryChecks.Alpha(alpha));
        var (asked, refused) = await AnalysisReader.ReadAsync(request.Query, snapshots, db, parameters, BottleneckParameters.Names, errors, cancellationToken, "by");
        if (refused is not null)
        {
            return refused;
        }
        var (snapshot, shared) = asked!.Value;
        // A blank by is no dimension, as on the funnel; none at all means the defaults, as on the CLI.
        string[] dimensions = [.. (parameters.By ?? []).Select(ApiResults.Given).OfType<string>()];
        var query = new BottleneckQuery
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
        return AnalysisReader.Answer(() => BottleneckJson.Write(Bottlenecks.Find(snapshot.Columns, query, clock.GetUtcNow()), snapshot.Columns.Calendar.Zone));
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> LossesAsync(
        HttpRequest request, AnalyticsSnapshots snapshots, LoudouDbContext db, TimeProvider clock, [AsParameters] LossParameters parameters, CancellationToken cancellationToken)
    {
        var (asked, refused) = await AnalysisReader.ReadAsync(request.Query, snapshots, db, parameters, LossParameters.Names, new(StringComparer.Ordinal), cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        var (snapshot, query) = asked!.Value;
        return AnalysisReader.Answer(() => LossJson.Write(LossPareto.Compute(snapshot.Columns, query, clock.GetUtcNow()), snapshot.Columns.Calendar.Zone));
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> WhatIfAsync(
        HttpRequest request, AnalyticsSnapshots snapshots, LoudouDbContext db, TimeProvider clock, [AsParameters] WhatIfParameters parameters, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var points = parameters.Points ?? WhatIf.DefaultPoints;
        RecordWrites.Check(errors, () => FunnelQueryChecks.Points(points));
        var (asked, refused) = await AnalysisReader.ReadAsync(request.Query, snapshots, db, parameters, WhatIfParameters.Names, errors, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        var (snapshot, query) = asked!.Value;
        return AnalysisReader.Answer(() => WhatIfJson.Write(WhatIf.Compute(snapshot.Columns, query, clock.GetUtcNow(), points), snapshot.Columns.Calendar.Zone));
    }
}
