using Loudou.Core.Analytics;
using Loudou.Core.Analytics.Review;
using Loudou.Storage.Catalog;
using Loudou.Storage.Targets;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Analytics;

/// <summary>What the monthly review reads besides the funnel's columns, in the context's view: the month's ranking and sales targets.</summary>
public static class ReviewInputsReader
{
    /// <remarks>The ranking is the team analysis of the month for the review's team (or everyone the context sees), as <c>loudou team --month</c> computes it.</remarks>
    public static async Task<ReviewInputs> ReadAsync(LoudouDbContext db, ColumnarSnapshot snapshot, ReviewQuery query, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var (from, toExcl) = snapshot.Calendar.MonthWindow(query.Month);
        var roster = await TeamInputs.RosterAsync(db, cancellationToken);
        var tasks = await TeamInputs.TasksAsync(db, from, toExcl, cancellationToken);
        var weight = await TeamInputs.ResultsWeightAsync(db, cancellationToken);
        var ranking = TeamExecution.Compute(snapshot, roster, tasks, new TeamQuery
        {
            AsOf = query.AsOf,
            Month = query.Month,
            Team = query.Team,
            ResultsWeight = weight,
            Scope = query.Scope,
            MinN = query.MinN,
            Language = query.Language,
        }, now);
        return await WithRankingAsync(db, snapshot.Pipeline.Key, query.Month, ranking, roster, cancellationToken);
    }

    /// <summary>The rest of the inputs around a ranking already computed (the web host's, which a rep sees cut to their own row).</summary>
    public static async Task<ReviewInputs> WithRankingAsync(
        LoudouDbContext db, string pipeline, DateOnly month, TeamReport? ranking, TeamRoster roster, CancellationToken cancellationToken = default)
    {
        var targets = await new TargetStore(db).ReadAsync(pipeline, month, cancellationToken);
        var reasons = await db.LossReasons.AsNoTracking().ToDictionaryAsync(r => r.Key, r => r.Name, StringComparer.Ordinal, cancellationToken);
        return new ReviewInputs(ranking, [.. targets.Sales.Where(t => t.Month == month)], roster)
        {
            LossReasons = reasons,
            ChannelCosts = await new ChannelCostStore(db).ReadAsync(cancellationToken: cancellationToken),
            BaseCurrency = (await db.WorkspaceSettings.AsNoTracking().SingleAsync(cancellationToken)).BaseCurrency,
        };
    }
}
