using Loudou.Core.Scoring;
using Loudou.Storage.Deals;
using Loudou.Storage.Tests.Infrastructure;

namespace Loudou.Storage.Tests.Deals;

/// <summary>Deal lists read the active model's scores only: shown with their factors, sorted by, unscored deals last either way.</summary>
public class DealScoreListTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Lists_show_and_sort_by_the_active_models_scores_and_put_unscored_deals_last(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var pipeline = await Builders.DefaultPipelineAsync(db);
        var low = await Builders.DealAsync(db, "low");
        var high = await Builders.DealAsync(db, "high");
        var none = await Builders.DealAsync(db, "none");
        var closed = await Builders.DealAsync(db, "closed");
        var retired = ScoringModel.Create(pipeline.Id, DateTimeOffset.UtcNow, "logistic", "{}", [1]);
        var active = ScoringModel.Create(pipeline.Id, DateTimeOffset.UtcNow, "logistic", "{}", [1]);
        active.Activate();
        db.ScoringModels.AddRange(retired, active);
        await db.SaveChangesAsync();
        db.DealScores.AddRange(
            DealScore.Create(low.Id, active.Id, 0.2, DateTimeOffset.UtcNow, "[]", "B"),
            DealScore.Create(high.Id, active.Id, 0.9, DateTimeOffset.UtcNow, """[{"feature":"channel"}]""", "A"),
            // A score of a model no longer active is never shown, nor sorted by; nor is a final one, kept for the layers' funnels.
            DealScore.Create(none.Id, retired.Id, 0.99, DateTimeOffset.UtcNow, "[]", "A"),
            DealScore.HeldOut(closed.Id, active.Id, 0.95, DateTimeOffset.UtcNow, "A"));
        await db.SaveChangesAsync();

        var queries = new DealQueries(db);
        var descending = await queries.ListAsync(new DealFilter(), DealSort.Score, descending: true, 1, 10);
        var ascending = await queries.ListAsync(new DealFilter(), DealSort.Score, descending: false, 1, 10);

        Assert.Equal(["high", "low"], descending.Items.Take(2).Select(d => d.Name));
        Assert.Equal(["low", "high"], ascending.Items.Take(2).Select(d => d.Name));
        Assert.Equal(["closed", "none"], descending.Items.Skip(2).Select(d => d.Name).Order());
        var byName = descending.Items.ToDictionary(d => d.Name);
        Assert.Equal((0.9, """[{"feature":"channel"}]"""), (byName["high"].Score!.Value, byName["high"].ScoreFactors));
        Assert.Null(byName["none"].Score);
        Assert.Null(byName["none"].ScoreFactors);
        Assert.Null(byName["closed"].Score);
    }
}
