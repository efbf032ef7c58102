using Loudou.Core;
using Loudou.Core.Analytics;
using Loudou.Core.Analytics.Review;
using Loudou.Storage;
using Loudou.Storage.Analytics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary>The monthly review as the caller may see it: what <c>/api/v1/analytics/review</c>, the printable page and the /review page show.</summary>
/// <remarks>
/// Scoping is the team report's (<see cref="TeamAnswers"/>): an admin reviews any team or the workspace, a manager their
/// team, a rep their own deals with their own row of the ranking; a rep or manager naming another team is refused. Targets
/// are read through the caller's context, so a manager sees their team's and reps' targets only.
/// </remarks>
public sealed class ReviewAnswers(TeamAnswers team, LoudouDbContext db)
{
    public async Task<(ReviewReport? Report, TimeZoneInfo? Zone, string Language, ProblemHttpResult? Refused)> ReadAsync(
        ReviewParameters parameters, IQueryCollection? query, CancellationToken cancellationToken)
    {
        var language = parameters.Lang ?? "en";
        if (ApiResults.Given(parameters.Month) is null)
        {
            return (null, null, language, ApiResults.Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["month"] = ["month is required: the month reviewed, such as 2026-11."],
            }));
        }
        var (view, refused) = await team.ReadAsync(parameters.AsTeam(), query, cancellationToken, ReviewParameters.Names);
        if (refused is not null)
        {
            return (null, null, language, refused);
        }
        var month = view!.Report.Month!.Value;
        try
        {
            var inputs = await ReviewInputsReader.WithRankingAsync(db, view.Columns.Pipeline.Key, month, view.Report, view.Roster, cancellationToken);
            var reviewQuery = new ReviewQuery
            {
                Month = month,
                AsOf = view.Query.AsOf,
                Team = view.Query.Team,
                // A rep's review counts their own deals; the team query's scope is their team's, for their rank only.
                Scope = view.Own is { } own ? new AnalyticsScope(own, null) : view.Query.Scope,
                Language = view.Query.Language,
            };
            return (MonthlyReview.Compute(view.Columns, inputs, reviewQuery, view.Now), view.Columns.Calendar.Zone, view.Query.Language, null);
        }
        catch (DomainRuleException e)
        {
            return (null, null, language, ApiResults.Invalid(e));
        }
    }
}
