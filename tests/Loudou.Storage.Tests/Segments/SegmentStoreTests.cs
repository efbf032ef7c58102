using Loudou.Core;
using Loudou.Core.Access;
using Loudou.Core.Demo;
using Loudou.Core.Pipelines;
using Loudou.Core.Segments;
using Loudou.Storage.Deals;
using Loudou.Storage.Demo;
using Loudou.Storage.Segments;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests.Segments;

/// <summary>A segment's tag sits on exactly the deals its rule matches, checked against plain SQL, and follows a change at the next sync.</summary>
public class SegmentStoreTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_segments_tag_is_on_exactly_the_deals_its_rule_matches_and_follows_them(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var setup = database.NewContext())
        {
            await DemoWorkspace.CreateAsync(setup, new DemoOptions(400, 1, new DateOnly(2026, 11, 25)));
        }
        var channel = DemoCast.Channels[0].Name;
        var rule = SegmentRuleJson.Read($$"""{"channel": "{{channel}}", "open": true, "minAmount": 50000}""");

        await using var db = database.NewContext();
        var (created, view) = await new SegmentStore(db).SaveAsync("big-first-channel", "大单 Big", rule);

        // The reference: the same conditions in plain SQL.
        var expected = await db.Database.SqlQueryRaw<long>(
            "SELECT d.id AS \"Value\" FROM deals d JOIN channels c ON c.id = d.channel_id JOIN stages s ON s.id = d.stage_id "
            + "WHERE c.name = {0} AND s.kind = 'Open' AND CAST(d.amount AS REAL) >= 50000", channel).ToListAsync();
        Assert.True(created);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(), await TaggedAsync(db, "大单 Big"));
        Assert.Equal((expected.Count, "大单 Big"), (view.Deals, view.Tag));
        // The tag filters the deal list as any tag does.
        Assert.Equal(expected.Count, (await new DealQueries(db).ListAsync(new DealFilter(Tag: "大单 Big"), 1, 500)).Total);

        // A deal that closes leaves the segment at the next sync; a second sync finds nothing to do.
        var leaving = expected.Min();
        var deal = await db.Deals.SingleAsync(d => d.Id == leaving);
        var lost = await db.Stages.SingleAsync(s => s.PipelineId == deal.PipelineId && s.Kind == StageKind.Lost);
        deal.MoveTo(lost, DateTimeOffset.UtcNow, null, Core.Deals.TransitionSource.Api);
        await db.SaveChangesAsync();
        Assert.Equal((0, 1), await new SegmentStore(db).SyncAllAsync());
        Assert.Equal((0, 0), await new SegmentStore(db).SyncAllAsync());
        Assert.DoesNotContain(leaving, await TaggedAsync(db, "大单 Big"));

        // Removed, the segment leaves its tag on its deals as a plain tag.
        Assert.True(await new SegmentStore(db).RemoveAsync("big-first-channel"));
        Assert.Equal(expected.Count - 1, (await TaggedAsync(db, "大单 Big")).Count);
        Assert.Empty(await new SegmentStore(db).ListAsync());
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.EntityType == "segment"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_rep_may_not_save_a_segment_and_a_name_owned_by_another_segment_is_refused(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        int repId;
        await using (var setup = database.NewContext())
        {
            await Builders.DefaultPipelineAsync(setup);
            var rep = await Builders.UserAsync(setup, "ann");
            repId = rep.Id;
            await new SegmentStore(setup).SaveAsync("open", "Open deals", new SegmentRule { Open = true });
        }
        await using var db = database.NewContext();
        var ann = await db.Users.SingleAsync(u => u.Id == repId);
        await using (var repContext = LoudouDatabase.CreateContext(database.Target, AccessScope.For(ann)))
        {
            Assert.Equal("role", (await Assert.ThrowsAsync<DomainRuleException>(() => new SegmentStore(repContext).SaveAsync("mine", "Mine", new SegmentRule()))).Field);
        }
        Assert.Equal("name", (await Assert.ThrowsAsync<DomainRuleException>(() => new SegmentStore(db).SaveAsync("other", "Open deals", new SegmentRule()))).Field);
        // Renamed onto a plain tag's name, a segment would take that tag's deals: refused, not a database error.
        await new Storage.Catalog.CatalogStore(db).AddTagAsync("VIP");
        Assert.Equal("name", (await Assert.ThrowsAsync<DomainRuleException>(() => new SegmentStore(db).SaveAsync("open", "VIP", new SegmentRule { Open = true }))).Field);
        Assert.Equal("rule.colour", Assert.Throws<DomainRuleException>(() => SegmentRuleJson.Read("""{"colour": "red"}""")).Field);
        Assert.Equal("rule.layers", Assert.Throws<DomainRuleException>(() => SegmentRuleJson.Read("""{"layers": ["D"]}""")).Field);
        Assert.Equal("rule.minScore", Assert.Throws<DomainRuleException>(() => SegmentRuleJson.Read("""{"minScore": 0.5, "maxScore": 0.2}""")).Field);
        Assert.Single(await new SegmentStore(db).ListAsync());
    }

    private static async Task<List<long>> TaggedAsync(LoudouDbContext db, string tag) =>
        await db.DealTags.Where(dt => db.Tags.Any(t => t.Id == dt.TagId && t.Name == tag)).Select(dt => dt.DealId).OrderBy(id => id).ToListAsync();
}
