using Loudou.Core;
using Loudou.Core.Access;
using Loudou.Storage.Access;
using Loudou.Storage.Catalog;
using Loudou.Storage.Records;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests.Workspace;

/// <summary>Workspace settings and teams changed by admins: all or nothing, audited, the base currency fixed once it means something.</summary>
public class WorkspaceSettingsStoreTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_change_is_audited_field_by_field_and_a_bad_one_changes_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            var store = new WorkspaceSettingsStore(db);
            var (after, changed) = await store.ChangeAsync(new(Name: "华东销售部", TimeZone: "Asia/Tokyo", Language: "en", RankingResultsWeight: 0.5));
            Assert.True(changed);
            Assert.Equal(("华东销售部", "Asia/Tokyo", "en", 0.5, "default"), (after.Name, after.TimeZone, after.Language, after.RankingResultsWeight, after.DefaultPipeline));
            Assert.False((await store.ChangeAsync(new(Name: "华东销售部"))).Changed);

            var zone = await Assert.ThrowsAsync<DomainRuleException>(() => store.ChangeAsync(new(Name: "Lost name", TimeZone: "Mars/Olympus")));
            Assert.Equal("timeZone", zone.Field);
            Assert.Equal("defaultPipeline", (await Assert.ThrowsAsync<DomainRuleException>(() => store.ChangeAsync(new(DefaultPipeline: "nope")))).Field);
            Assert.Equal("rankingResultsWeight", (await Assert.ThrowsAsync<DomainRuleException>(() => store.ChangeAsync(new(RankingResultsWeight: 1.5)))).Field);
            // A low cut at or above the high one is refused whole; a large-deal amount is set, then cleared with 0.
            Assert.Equal("layerLowScore", (await Assert.ThrowsAsync<DomainRuleException>(() => store.ChangeAsync(new(LayerHighScore: 0.3, LayerLowScore: 0.3)))).Field);
            Assert.Equal((0.3, 0.08, 50_000m), await LayersAsync(store.ChangeAsync(new(LayerHighScore: 0.3, LayerLargeAmount: 50_000m))));
            Assert.Equal((0.3, 0.08, (decimal?)null), await LayersAsync(store.ChangeAsync(new(LayerLargeAmount: 0))));
        }

        await using var read = database.NewContext();
        var settings = await new WorkspaceSettingsStore(read).GetAsync();
        Assert.Equal(("华东销售部", "Asia/Tokyo"), (settings.Name, settings.TimeZone));
        var entries = await read.AuditEntries.Where(e => e.EntityType == AuditEntityTypes.Workspace).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(3, entries.Count);
        var entry = entries[0];
        Assert.Contains("layerLargeAmount", entries[1].After!, StringComparison.Ordinal);
        Assert.Equal(AuditAction.Update, entry.Action);
        Assert.Contains("Asia/Shanghai", entry.Before!, StringComparison.Ordinal);
        Assert.Contains("Asia/Tokyo", entry.After!, StringComparison.Ordinal);
        Assert.DoesNotContain("baseCurrency", entry.After!, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_base_currency_changes_only_while_no_amount_or_rate_is_read_against_it(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var store = new WorkspaceSettingsStore(db);
        Assert.Null((await store.GetAsync()).BaseCurrencyFixed);
        Assert.Equal("USD", (await store.ChangeAsync(new(BaseCurrency: "usd"))).Settings.BaseCurrency);

        await new ExchangeRateStore(db).SetAsync("CNY", new DateOnly(2026, 1, 1), 0.14m);
        Assert.NotNull((await store.GetAsync()).BaseCurrencyFixed);
        var refused = await Assert.ThrowsAsync<DomainRuleException>(() => store.ChangeAsync(new(BaseCurrency: "EUR")));
        Assert.Equal("baseCurrency", refused.Field);
        Assert.Contains("exchange rates", refused.Message, StringComparison.Ordinal);
        // Saying the same currency again is no change, not a refusal.
        Assert.False((await store.ChangeAsync(new(BaseCurrency: "USD"))).Changed);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Adding_and_renaming_a_team_are_audited(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var admin = new UserAdmin(db);
        await admin.AddTeamAsync("华南");
        await admin.RenameTeamAsync("华南", "华南一组");

        var entries = await db.AuditEntries.Where(e => e.EntityType == AuditEntityTypes.Team).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([AuditAction.Create, AuditAction.Update], entries.Select(e => e.Action));
        Assert.Contains("华南一组", entries[1].After!, StringComparison.Ordinal);
        Assert.Contains("华南", entries[1].Before!, StringComparison.Ordinal);
    }

    private static async Task<(double, double, decimal?)> LayersAsync(Task<(WorkspaceSettingsView Settings, bool Changed)> change)
    {
        var settings = (await change).Settings;
        return (settings.LayerHighScore, settings.LayerLowScore, settings.LayerLargeAmount);
    }
}
