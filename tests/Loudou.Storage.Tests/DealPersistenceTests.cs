using Loudou.Core.Accounts;
using Loudou.Core.Activities;
using Loudou.Core.Catalog;
using Loudou.Core.Deals;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests;

public class DealPersistenceTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_deal_with_every_part_survives_a_round_trip(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        long dealId;
        var createdAt = new DateTimeOffset(2026, 3, 31, 23, 30, 0, TimeSpan.FromHours(8));
        await using (var db = database.NewContext())
        {
            var owner = await Builders.UserAsync(db, "li.lei");
            var pipeline = await Builders.DefaultPipelineAsync(db);
            var account = Account.Create("华为技术有限公司");
            account.Describe("电信设备", "5000+", "广东");
            account.LinkExternal("crm", "A-1");
            var channel = Channel.Create("展会 Trade fair");
            var product = Product.Create("GTX Pro", "GTX");
            var tag = Tag.Create("VIP");
            var budget = CustomField.Create("budget-source", new("预算来源", "Budget source"), CustomFieldType.Choice, ["capex", "opex"]);
            db.AddRange(account, channel, product, tag, budget);
            await db.SaveChangesAsync();
            var contact = Contact.Create("韩梅梅", account);
            db.Contacts.Add(contact);
            await db.SaveChangesAsync();

            var deal = Deal.Create("华为 2026 框架采购", pipeline, "CNY", createdAt, owner.Id, TransitionSource.App);
            deal.AssignTo(owner);
            deal.LinkAccount(account.Id, contact.Id);
            deal.SetChannel(channel);
            deal.SetAmount(1_234_567.8912m, "CNY");
            deal.SetExpectedClose(new DateOnly(2026, 6, 30));
            deal.SetProduct(product, 3, 4800m);
            deal.AddTag(tag);
            deal.SetFieldValue(budget, " opex ");
            deal.LinkExternal("crm", "D-1");
            deal.CompleteAction(pipeline.FirstStage, pipeline.FirstStage.Actions[0], owner.Id, createdAt.AddHours(2));
            db.Deals.Add(deal);
            await db.SaveChangesAsync();
            db.Activities.Add(Activity.Record(deal.Id, ActivityKind.WeChat, createdAt.AddHours(1), owner.Id, "已加微信"));
            db.DealTasks.Add(DealTask.Create(deal.Id, "发送报价", createdAt.AddDays(2), owner.Id));
            await db.SaveChangesAsync();
            db.ChannelCosts.Add(ChannelCost.Create(channel.Id, new DateOnly(2026, 3, 1), 12_000.50m, "CNY"));
            await db.SaveChangesAsync();
            dealId = deal.Id;
        }

        await using (var db = database.NewContext())
        {
            var deal = await db.Deals
                .Include(d => d.History).Include(d => d.Products).Include(d => d.Tags)
                .Include(d => d.FieldValues).Include(d => d.Completions)
                .SingleAsync(d => d.Id == dealId);
            Assert.Equal("华为 2026 框架采购", deal.Name);
            Assert.Equal(1_234_567.8912m, deal.Amount);
            Assert.Equal(0.05, deal.Probability);
            Assert.Equal(createdAt, deal.CreatedAt);
            Assert.Equal(TimeSpan.Zero, deal.CreatedAt!.Value.Offset);
            Assert.Equal(new DateOnly(2026, 6, 30), deal.ExpectedClose);
            Assert.Equal(("crm", "D-1"), (deal.Source, deal.ExternalId));
            Assert.Equal(3m, Assert.Single(deal.Products).Quantity);
            Assert.Single(deal.Tags);
            Assert.Equal("opex", Assert.Single(deal.FieldValues).Value);
            Assert.Single(deal.Completions);
            var entry = Assert.Single(deal.History);
            Assert.Equal(createdAt, entry.EnteredAt);
            Assert.Equal(deal.StageId, entry.StageId);
            Assert.Equal(0, deal.Version);
            Assert.Equal("已加微信", (await db.Activities.SingleAsync(a => a.DealId == dealId)).Outcome);
            Assert.Equal(12_000.50m, (await db.ChannelCosts.SingleAsync()).Amount);
            Assert.Equal("广东", (await db.Accounts.SingleAsync()).Region);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_stage_move_and_its_history_row_are_saved_together_or_not_at_all(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        long dealId;
        await using (var db = database.NewContext())
        {
            await Builders.ChannelAsync(db, "Website");
            dealId = (await Builders.DealAsync(db, "Acme")).Id;
        }

        await using (var db = database.NewContext())
        {
            var pipeline = await Builders.DefaultPipelineAsync(db);
            var deal = await db.Deals.SingleAsync(d => d.Id == dealId);
            deal.MoveTo(pipeline.FindStage("needs")!, DateTimeOffset.UtcNow, null, TransitionSource.App);
            db.Channels.Add(Channel.Create("Website")); // violates the unique channel name: the save fails

            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await using (var db = database.NewContext())
        {
            var pipeline = await Builders.DefaultPipelineAsync(db);
            var deal = await db.Deals.Include(d => d.History).SingleAsync(d => d.Id == dealId);
            Assert.Equal(pipeline.FirstStage.Id, deal.StageId);
            Assert.Single(deal.History);

            var movedAt = new DateTimeOffset(2026, 4, 2, 10, 0, 0, TimeSpan.Zero);
            deal.MoveTo(pipeline.FindStage("needs")!, movedAt, null, TransitionSource.App);
            await db.SaveChangesAsync();
        }

        await using (var db = database.NewContext())
        {
            var pipeline = await Builders.DefaultPipelineAsync(db);
            var deal = await db.Deals.Include(d => d.History).SingleAsync(d => d.Id == dealId);
            Assert.Equal(pipeline.FindStage("needs")!.Id, deal.StageId);
            var steps = StageHistory.Order(deal.History, pipeline);
            Assert.Equal(2, steps.Count);
            Assert.Equal(pipeline.FirstStage.Id, steps[1].FromStageId);
            Assert.Equal(1, deal.Version);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_write_based_on_a_stale_version_is_refused_and_changes_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var dealId = await Builders.SavedDealIdAsync(database, "Acme");

        await using var first = database.NewContext();
        await using var second = database.NewContext();
        var mine = await first.Deals.SingleAsync(d => d.Id == dealId);
        var theirs = await second.Deals.SingleAsync(d => d.Id == dealId);
        mine.Rename("Acme (renamed by first)");
        await first.SaveChangesAsync();
        theirs.SetAmount(99m, "CNY");

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var check = database.NewContext();
        var stored = await check.Deals.SingleAsync(d => d.Id == dealId);
        Assert.Equal("Acme (renamed by first)", stored.Name);
        Assert.Null(stored.Amount);
        Assert.Equal(1, stored.Version);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_stale_stage_move_is_refused_and_leaves_no_history_row(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var dealId = await Builders.SavedDealIdAsync(database, "Acme");

        await using var first = database.NewContext();
        await using var second = database.NewContext();
        var pipeline = await Builders.DefaultPipelineAsync(second);
        var mine = await first.Deals.SingleAsync(d => d.Id == dealId);
        var theirs = await second.Deals.Include(d => d.History).SingleAsync(d => d.Id == dealId);
        mine.SetAmount(10m, "CNY");
        await first.SaveChangesAsync();
        theirs.MoveTo(pipeline.FindStage("proposal")!, DateTimeOffset.UtcNow, null, TransitionSource.App);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var check = database.NewContext();
        Assert.Equal(1, await check.StageTransitions.CountAsync(t => t.DealId == dealId));
        Assert.Equal(pipeline.FirstStage.Id, (await check.Deals.SingleAsync(d => d.Id == dealId)).StageId);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Changing_only_a_part_of_a_deal_bumps_its_version_so_a_stale_writer_conflicts(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var dealId = await Builders.SavedDealIdAsync(database, "Acme");

        await using var first = database.NewContext();
        await using var second = database.NewContext();
        var pipeline = await Builders.DefaultPipelineAsync(first);
        var mine = await first.Deals.Include(d => d.Completions).SingleAsync(d => d.Id == dealId);
        var theirs = await second.Deals.SingleAsync(d => d.Id == dealId);
        mine.CompleteAction(pipeline.FirstStage, pipeline.FirstStage.Actions[0], null, DateTimeOffset.UtcNow);
        await first.SaveChangesAsync();
        theirs.Rename("Acme (stale)");

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var check = database.NewContext();
        var stored = await check.Deals.Include(d => d.Completions).SingleAsync(d => d.Id == dealId);
        Assert.Equal(1, stored.Version);
        Assert.Equal("Acme", stored.Name);
        Assert.Single(stored.Completions);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_deals_cannot_share_a_source_and_external_id(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var pipeline = await Builders.DefaultPipelineAsync(db);
        foreach (var name in new[] { "one", "two" })
        {
            var deal = Deal.Create(name, pipeline, "CNY", null, null, TransitionSource.Import);
            deal.LinkExternal("maven-crm", "1C1I7A6R");
            db.Deals.Add(deal);
        }

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_imported_deal_keeps_an_unknown_creation_time_and_history_reads_in_time_order(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        long dealId;
        await using (var db = database.NewContext())
        {
            var pipeline = await Builders.DefaultPipelineAsync(db);
            // The source system reports the later stages first; the first stage has no date.
            var deal = Deal.Create("imported", pipeline, "USD", createdAt: null, null, TransitionSource.Import);
            deal.RecordPastEntry(pipeline, pipeline.FindStage("won")!, new DateTimeOffset(2017, 3, 1, 0, 0, 0, TimeSpan.Zero), TransitionSource.Import);
            deal.RecordPastEntry(pipeline, pipeline.FindStage("proposal")!, new DateTimeOffset(2017, 1, 5, 0, 0, 0, TimeSpan.Zero), TransitionSource.Import);
            db.Deals.Add(deal);
            await db.SaveChangesAsync();
            dealId = deal.Id;
        }

        await using (var db = database.NewContext())
        {
            var pipeline = await Builders.DefaultPipelineAsync(db);
            var deal = await db.Deals.Include(d => d.History).SingleAsync(d => d.Id == dealId);
            Assert.Null(deal.CreatedAt);
            var keys = StageHistory.Order(deal.History, pipeline).Select(s => pipeline.FindStage(s.StageId)!.Key);
            Assert.Equal(["lead", "proposal", "won"], keys);
            Assert.Equal("won", pipeline.FindStage(deal.StageId)!.Key);
            Assert.Equal(new DateTimeOffset(2017, 3, 1, 0, 0, 0, TimeSpan.Zero), deal.ClosedAt);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stage_history_is_queryable_by_stage_and_time_on_both_providers(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var pipeline = await Builders.DefaultPipelineAsync(db);
        var march = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(8));
        for (var i = 0; i < 5; i++)
        {
            var deal = Deal.Create($"d{i}", pipeline, "CNY", march.AddDays(i * 10), null, TransitionSource.App);
            if (i % 2 == 0)
            {
                deal.MoveTo(pipeline.FindStage("nurturing")!, march.AddDays(i * 10 + 3), null, TransitionSource.App);
            }
            db.Deals.Add(deal);
        }
        await db.SaveChangesAsync();

        var nurturingId = pipeline.FindStage("nurturing")!.Id;
        var from = march.AddDays(10);
        var enteredSince = await db.StageTransitions.CountAsync(t => t.StageId == nurturingId && t.EnteredAt >= from);
        var newest = await db.StageTransitions.OrderByDescending(t => t.EnteredAt).Select(t => t.EnteredAt).FirstAsync();

        Assert.Equal(2, enteredSince);
        Assert.Equal(march.AddDays(43), newest);
    }
}
