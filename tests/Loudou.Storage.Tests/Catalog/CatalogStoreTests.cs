using Loudou.Core.Access;
using Loudou.Core.Alerts;
using Loudou.Core.Catalog;
using Loudou.Storage.Analytics;
using Loudou.Storage.Catalog;
using Loudou.Storage.Records;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests.Catalog;

/// <summary>CatalogStore: channels, loss reasons and tags kept by admins, names unique ignoring case, every change audited; on SQLite and PostgreSQL.</summary>
public class CatalogStoreTests
{
    private static readonly DateOnly Oct = new(2026, 10, 1);
    private static readonly DateOnly Nov = new(2026, 11, 1);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_channel_is_added_and_renamed_with_an_entry_each_and_a_name_taken_in_another_case_is_refused(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        await using var db = LoudouDatabase.CreateContext(database.Target, world.ScopeOf("root"));
        var store = new CatalogStore(db);

        var added = await store.AddChannelAsync("  Trade fair ");
        var duplicate = await store.AddChannelAsync("WEB");
        var blank = await store.AddChannelAsync(" ");
        var renamed = await store.RenameChannelAsync((int)added.Id!, "Trade fairs");
        var clash = await store.RenameChannelAsync((int)added.Id!, "web");
        var unchanged = await store.RenameChannelAsync((int)added.Id!, "Trade fairs");
        var missing = await store.RenameChannelAsync(999_999, "X");

        Assert.Equal(WriteStatus.Done, added.Status);
        Assert.Equal("a channel named 'Web' exists already (names are unique ignoring case); merge into it instead.", Assert.Single(duplicate.Errors!["name"]));
        Assert.Equal("name is required.", Assert.Single(blank.Errors!["name"]));
        Assert.Equal(WriteStatus.Done, renamed.Status);
        Assert.Equal(WriteStatus.Invalid, clash.Status);
        Assert.Equal(WriteStatus.Done, unchanged.Status);
        Assert.Equal(WriteStatus.NotFound, missing.Status);
        db.ChangeTracker.Clear();
        Assert.Equal([("Trade fairs", 0, 0), ("Web", 8, 0)], (await store.ChannelsAsync()).Select(c => (c.Name, c.Deals, c.CostMonths)));
        var entries = await db.AuditEntries.Where(e => e.EntityType == AuditEntityTypes.Channel).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([AuditAction.Create, AuditAction.Update], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal((added.Id!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), world.Users["root"].Id), (e.EntityId, e.UserId)));
        Assert.Equal(("""{"name":"Trade fair"}""", """{"name":"Trade fairs"}"""), (entries[1].Before, entries[1].After));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Managers_and_reps_read_the_catalogues_with_their_own_counts_but_change_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        await using var db = LoudouDatabase.CreateContext(database.Target, world.ScopeOf("ann"));
        var store = new CatalogStore(db);
        var web = (await store.ChannelsAsync()).Single();
        var vip = (await store.TagsAsync()).Single();

        WriteResult[] refused =
        [
            await store.AddChannelAsync("TV"), await store.RenameChannelAsync(web.Id, "Website"), await store.MergeChannelAsync(web.Id, web.Id),
            await store.AddLossReasonAsync("late", new("太晚", "Too late")), await store.ChangeLossReasonAsync(1, new(Active: false)),
            await store.AddTagAsync("hot"), await store.ChangeTagAsync(vip.Id, new(SetsColor: true, Color: "#ff0000")), await store.DeleteTagAsync(vip.Id), await store.MergeTagAsync(vip.Id, vip.Id),
        ];

        Assert.Equal((3, 1), (web.Deals, vip.Deals));
        Assert.All(refused, r => Assert.Equal(WriteStatus.Forbidden, r.Status));
        Assert.Equal("Tags are kept by admins; everyone reads them.", refused[^1].Message);
        await using var check = database.NewContext();
        Assert.Equal(("Web", null, 8), (await check.Channels.Select(c => c.Name).SingleAsync(), await check.Tags.Select(t => t.Color).SingleAsync(), await check.LossReasons.CountAsync(r => r.IsActive)));
        Assert.False(await check.AuditEntries.AnyAsync(e => e.EntityType == AuditEntityTypes.Channel || e.EntityType == AuditEntityTypes.Tag || e.EntityType == AuditEntityTypes.LossReason));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Merging_a_channel_moves_its_deals_and_costs_adds_up_a_shared_month_and_bumps_the_deals_versions(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        int web, site;
        await using (var setup = database.NewContext())
        {
            web = await setup.Channels.Where(c => c.Name == "Web").Select(c => c.Id).SingleAsync();
            site = (await Builders.ChannelAsync(setup, "Website")).Id;
            var n1 = await setup.Deals.SingleAsync(d => d.Id == world.Deals["N1"]);
            n1.SetChannel(await setup.Channels.SingleAsync(c => c.Id == site));
            setup.ChannelCosts.AddRange(ChannelCost.Create(web, Oct, 100m, "CNY"), ChannelCost.Create(site, Oct, 50m, "CNY"), ChannelCost.Create(site, Nov, 70m, "CNY"));
            await setup.SaveChangesAsync();
        }
        await using var db = database.NewContext();
        var version = await db.Deals.Where(d => d.Id == world.Deals["N1"]).Select(d => d.Version).SingleAsync();
        var sequence = await AnalyticsChangeSequence.ReadAsync(db, default);

        var merged = await new CatalogStore(db).MergeChannelAsync(site, web);

        Assert.Equal((WriteStatus.Done, (long?)web), (merged.Status, merged.Id));
        db.ChangeTracker.Clear();
        Assert.Equal(("Web", 8, 2), (await new CatalogStore(db).ChannelsAsync()).Select(c => (c.Name, c.Deals, c.CostMonths)).Single());
        Assert.Equal([new ChannelCostRow("Web", Oct, 150m, "CNY"), new ChannelCostRow("Web", Nov, 70m, "CNY")], await new ChannelCostStore(db).ReadAsync());
        Assert.Equal(version + 1, await db.Deals.Where(d => d.Id == world.Deals["N1"]).Select(d => d.Version).SingleAsync());
        Assert.Equal(sequence.Count + 1, (await AnalyticsChangeSequence.ReadAsync(db, default)).Count);
        var entries = await db.AuditEntries.Where(e => e.EntityType == AuditEntityTypes.Channel).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([(AuditAction.Delete, site), (AuditAction.Update, web)], entries.Select(e => (e.Action, int.Parse(e.EntityId, System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal("'Website' merged into 'Web': 1 deal(s) and 2 month(s) of cost moved, 1 of them added to the month's cost of 'Web'", entries[0].Reason);
        Assert.Equal("""{"name":"Website"}""", entries[0].Before);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_channel_merge_is_refused_for_a_month_costed_in_two_currencies_and_a_rename_while_an_alert_rule_watches_it(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        await using var db = database.NewContext();
        var web = await db.Channels.Where(c => c.Name == "Web").Select(c => c.Id).SingleAsync();
        var site = (await Builders.ChannelAsync(db, "Website")).Id;
        db.ChannelCosts.AddRange(ChannelCost.Create(web, Oct, 100m, "CNY"), ChannelCost.Create(site, Oct, 50m, "USD"));
        db.AlertRules.Add(AlertRule.Create("web-wins", new("网站赢单", "Web wins"), """{"metric":"winRate","segment":{"dimension":"channel","value":"Web"},"threshold":{"below":0.3}}""",
            "0 8 * * 1", DeliveryChannels.InApp, null));
        await db.SaveChangesAsync();
        var store = new CatalogStore(db);

        var merge = await store.MergeChannelAsync(site, web);
        var rename = await store.RenameChannelAsync(web, "Website form");
        var itself = await store.MergeChannelAsync(web, web);

        Assert.Equal(WriteStatus.Conflict, merge.Status);
        Assert.Equal("'Website' and 'Web' both have costs for 2026-10 in different currencies, which cannot be added up; set those months of one channel in the other's currency first.", merge.Message);
        Assert.Equal(WriteStatus.Conflict, rename.Status);
        Assert.Contains("alert rule 'web-wins'", rename.Message, StringComparison.Ordinal);
        Assert.Equal("into", Assert.Single(itself.Errors!).Key);
        await using var check = database.NewContext();
        Assert.Equal(["Web", "Website"], await check.Channels.OrderBy(c => c.Name).Select(c => c.Name).ToListAsync());
        Assert.Equal(2, await check.ChannelCosts.CountAsync());
        Assert.Equal(world.Deals.Count, await check.Deals.CountAsync(d => d.ChannelId == web));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_loss_reason_is_added_renamed_retired_and_reactivated_with_an_entry_each(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var store = new CatalogStore(db);

        var added = await store.AddLossReasonAsync("late", new("", "Too late"));
        var id = (int)added.Id!;
        var sameKey = await store.AddLossReasonAsync("price", new("贵", "Expensive"));
        var sameName = await store.AddLossReasonAsync("cost", new("", "PRICE TOO HIGH"));
        var badKey = await store.AddLossReasonAsync("Bad Key", Core.LocalizedText.Empty);
        var renamed = await store.ChangeLossReasonAsync(id, new(new("太晚", "Too late")));
        var retired = await store.ChangeLossReasonAsync(id, new(Active: false));
        db.ChangeTracker.Clear();
        var whileRetired = (await store.LossReasonsAsync()).Single(r => r.Key == "late");
        var reactivated = await store.ChangeLossReasonAsync(id, new(Active: true));

        Assert.Equal([WriteStatus.Done, WriteStatus.Done, WriteStatus.Done, WriteStatus.Done], new[] { added, renamed, retired, reactivated }.Select(r => r.Status));
        Assert.Equal("a loss reason with key 'price' exists already; keys are never reused, reactivate it instead.", Assert.Single(sameKey.Errors!["key"]));
        Assert.Equal("loss reason 'price' has this name already; give this one another, or reactivate 'price'.", Assert.Single(sameName.Errors!["name"]));
        Assert.Equal(["key", "name"], badKey.Errors!.Keys.Order());
        Assert.Equal((new Core.LocalizedText("太晚", "Too late"), false, 0), (whileRetired.Name, whileRetired.Active, whileRetired.Deals));
        db.ChangeTracker.Clear();
        Assert.True((await db.LossReasons.SingleAsync(r => r.Key == "late")).IsActive);
        var entries = await db.AuditEntries.Where(e => e.EntityType == AuditEntityTypes.LossReason).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([AuditAction.Create, AuditAction.Update, AuditAction.Update, AuditAction.Update], entries.Select(e => e.Action));
        Assert.Equal("""{"key":"late","name":{"zh-CN":"Too late","en":"Too late"},"active":true}""", entries[0].After);
        Assert.Equal(("""{"name":{"zh-CN":"Too late","en":"Too late"}}""", """{"name":{"zh-CN":"太晚","en":"Too late"}}"""), (entries[1].Before, entries[1].After));
        Assert.Equal(("""{"active":true}""", """{"active":false}"""), (entries[2].Before, entries[2].After));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_tag_is_recoloured_deleted_only_when_unused_and_merged_once_onto_deals_that_carry_both(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        await using var db = database.NewContext();
        var store = new CatalogStore(db);
        var vip = await db.Tags.Where(t => t.Name == "vip").Select(t => t.Id).SingleAsync();
        var key = (int)(await store.AddTagAsync("Key account", "#4E79A7")).Id!;
        var spare = (int)(await store.AddTagAsync("spare")).Id!;
        var badColour = await store.AddTagAsync("red", "red");
        var taken = await store.AddTagAsync("VIP");
        var n1 = await db.Deals.Include(d => d.Tags).SingleAsync(d => d.Id == world.Deals["N1"]);
        n1.AddTag(await db.Tags.SingleAsync(t => t.Id == key));
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var recoloured = await store.ChangeTagAsync(key, new(SetsColor: true, Color: "#e15759"));
        var inUse = await store.DeleteTagAsync(vip);
        var deleted = await store.DeleteTagAsync(spare);
        var merged = await store.MergeTagAsync(vip, key);

        Assert.Equal("color must be a colour like #4e79a7, was 'red'.", Assert.Single(badColour.Errors!["color"]));
        Assert.Equal(WriteStatus.Invalid, taken.Status);
        Assert.Equal(WriteStatus.Done, recoloured.Status);
        Assert.Equal("tag 'vip' is on 3 deal(s); remove it from them or merge it into another tag.", inUse.Message);
        Assert.Equal((WriteStatus.Done, WriteStatus.Done), (deleted.Status, merged.Status));
        db.ChangeTracker.Clear();
        Assert.Equal([("Key account", "#e15759", 3)], (await store.TagsAsync()).Select(t => (t.Name, t.Color, t.Deals)));
        Assert.Equal(1, await db.DealTags.CountAsync(t => t.DealId == world.Deals["N1"]));
        var entries = await db.AuditEntries.Where(e => e.EntityType == AuditEntityTypes.Tag).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([AuditAction.Create, AuditAction.Create, AuditAction.Update, AuditAction.Delete, AuditAction.Delete, AuditAction.Update], entries.Select(e => e.Action));
        Assert.Equal("""{"name":"Key account","color":"#4e79a7"}""", entries[0].After);
        Assert.Equal(("""{"color":"#4e79a7"}""", """{"color":"#e15759"}"""), (entries[2].Before, entries[2].After));
        Assert.Equal("'vip' merged into 'Key account': 3 deal(s) now carry 'Key account' instead", entries[4].Reason);
    }
}
