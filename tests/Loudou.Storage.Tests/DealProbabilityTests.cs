using Loudou.Core.Deals;
using Loudou.Storage.Deals;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests;

/// <summary>Probability follows the stage (docs/glossary.md), and the migration's repair of deals stored before that rule.</summary>
public class DealProbabilityTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_repair_gives_won_one_lost_zero_and_open_deals_their_stage_unless_a_person_set_it(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var ids = new Dictionary<string, long>();
        await using (var db = database.NewContext())
        {
            var pipeline = await Builders.DefaultPipelineAsync(db);
            var at = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(8));
            foreach (var (name, stage) in new[] { ("won", "won"), ("lost", "lost"), ("left at lead's", "proposal"), ("set by hand", "proposal"), ("in lead", "lead") })
            {
                var deal = Deal.Create(name, pipeline, "CNY", at, null, TransitionSource.Import, pipeline.FindStage(stage), at);
                db.Deals.Add(deal);
                await db.SaveChangesAsync();
                ids[name] = deal.Id;
            }
        }
        // As the old rule stored them: the first stage's 0.05 everywhere, one deal with a person's 0.77.
        await using (var db = database.NewContext())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE deals SET probability = 0.05, manual_probability = NULL");
            await db.Database.ExecuteSqlAsync($"UPDATE deals SET probability = 0.77 WHERE id = {ids["set by hand"]}");
            foreach (var statement in ProbabilityRepair.Statements)
            {
                await db.Database.ExecuteSqlRawAsync(statement);
            }
        }

        await using (var db = database.NewContext())
        {
            var deals = await db.Deals.AsNoTracking().ToDictionaryAsync(d => d.Name, d => (d.Probability, d.ManualProbability));
            Assert.Equal((1.0, (double?)null), deals["won"]);
            Assert.Equal((0.0, (double?)null), deals["lost"]);
            Assert.Equal((0.5, (double?)null), deals["left at lead's"]);
            Assert.Equal((0.77, (double?)0.77), deals["set by hand"]);
            Assert.Equal((0.05, (double?)null), deals["in lead"]);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_patch_sets_the_probability_by_hand_and_null_gives_it_back_to_the_stage(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var id = await Builders.SavedDealIdAsync(database, "Acme");

        await using (var db = database.NewContext())
        {
            var writes = new DealWrites(db, TimeProvider.System);
            var set = await writes.UpdateAsync(id, 0, new DealPatch(new HashSet<string> { "probability" }, Probability: 0.6));
            Assert.Equal(DealWriteStatus.Done, set.Status);
        }
        await using (var db = database.NewContext())
        {
            var set = await db.Deals.AsNoTracking().SingleAsync(d => d.Id == id);
            Assert.Equal((0.6, (double?)0.6), (set.Probability, set.ManualProbability));
            var writes = new DealWrites(db, TimeProvider.System);
            var cleared = await writes.UpdateAsync(id, 1, new DealPatch(new HashSet<string> { "probability" }));
            Assert.Equal(DealWriteStatus.Done, cleared.Status);
        }
        await using (var db = database.NewContext())
        {
            var deal = await db.Deals.AsNoTracking().SingleAsync(d => d.Id == id);
            Assert.Equal((0.05, (double?)null), (deal.Probability, deal.ManualProbability));
        }
    }
}
