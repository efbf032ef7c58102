using System.Text.Json.Nodes;
using Loudou.Core;
using Loudou.Core.Analytics;
using Loudou.Storage;
using Loudou.Storage.Catalog;
using Loudou.Web.Analytics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Api;

/// <summary>Channel quality as the caller may see it, with the time zone to write it in.</summary>
public sealed record ChannelView(ChannelQualityReport Report, TimeZoneInfo Zone, string Language);

/// <summary>The answer of <c>/api/v1/analytics/channels</c> and of the /channels page (docs/metrics.md, "Channel quality").</summary>
/// <remarks>
/// Counts are in the caller's scope like every analysis; costs are the workspace's, so a scoped caller's cost per lead,
/// per won deal and return on cost are null with the reason <see cref="ChannelQualityReasons.WorkspaceWide"/> (docs/access.md).
/// </remarks>
public sealed class ChannelAnswers(AnalyticsSnapshots snapshots, LoudouDbContext db, ChannelCostStore costs, TimeProvider clock)
{
    public async Task<Results<Ok<JsonObject>, ProblemHttpResult>> ReportAsync(ChannelParameters parameters, IQueryCollection? query, CancellationToken cancellationToken)
    {
        var (view, refused) = await ReadAsync(parameters, query, cancellationToken);
        return refused is not null ? refused : TypedResults.Ok(ChannelQualityJson.Write(view!.Report, view.Zone, view.Language));
    }

    public async Task<(ChannelView? View, ProblemHttpResult? Refused)> ReadAsync(ChannelParameters parameters, IQueryCollection? query, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        DateOnly? from = null, to = null;
        Storage.Records.RecordWrites.Check(errors, () => from = AnalysisText.Month(ApiResults.Given(parameters.From), "from"));
        Storage.Records.RecordWrites.Check(errors, () => to = AnalysisText.Month(ApiResults.Given(parameters.To), "to"));
        var (asked, refused) = await AnalysisReader.ReadAsync(query, snapshots, db, parameters, ChannelParameters.Names, errors, cancellationToken);
        if (refused is not null)
        {
            return (null, refused);
        }
        var (snapshot, shared) = asked!.Value;
        var currency = (await db.WorkspaceSettings.AsNoTracking().SingleAsync(cancellationToken)).BaseCurrency;
        var rows = await costs.ReadAsync(cancellationToken: cancellationToken);
        var channelQuery = new ChannelQualityQuery
        {
            FromMonth = from,
            ToMonth = to,
            BaseCurrency = currency,
            AsOf = shared.AsOf,
            Scope = shared.Scope,
            Language = shared.Language,
        };
        try
        {
            return (new ChannelView(ChannelQuality.Compute(snapshot.Columns, rows, channelQuery, clock.GetUtcNow()), snapshot.Columns.Calendar.Zone, shared.Language), null);
        }
        catch (DomainRuleException e)
        {
            return (null, ApiResults.Invalid(e));
        }
    }
}
