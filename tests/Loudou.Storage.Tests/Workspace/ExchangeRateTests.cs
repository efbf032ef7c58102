using Loudou.Core;
using Loudou.Core.Access;
using Loudou.Core.Deals;
using Loudou.Storage.Analytics;
using Loudou.Storage.Catalog;
using Loudou.Storage.Records;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests.Workspace;

/// <summary>Dated exchange rates: set, corrected and removed with an audit entry each, and read by the funnel at a deal's close or creation day.</summary>
public class ExchangeRateTests
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_funnel_converts_each_deal_at_the_rate_of_its_close_day_or_its_creation_day(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            var rates = new ExchangeRateStore(db);
            await rates.SetAsync("USD", new DateOnly(2026, 1, 1), 7.25m);
            await rates.SetAsync("USD", new DateOnly(2026, 7, 1), 7.10m);
            var pipeline = await Builders.DefaultPipelineAsync(db);
            var won = pipeline.Stages.First(s => s.Kind == Core.Pipelines.StageKind.Won);
            async Task<Deal> DealAsync(string name, decimal amount, string currency, DateTimeOffset created, DateTimeOffset? closed)
            {
                var deal = await Builders.DealAsync(db, name, created);
                deal.SetAmount(amount, currency);
                if (closed is { } at)
                {
                    deal.MoveTo(won, at, null, TransitionSource.App);
                }
                await db.SaveChangesAsync();
                return deal;
            }
            await DealAsync("closed in March", 100m, "USD", new(2026, 2, 1, 9, 0, 0, Shanghai), new(2026, 3, 10, 9, 0, 0, Shanghai));
            // Created in June, closed on 1 July at 00:30 in Shanghai (30 June in UTC): July's rate.
            await DealAsync("closed on 1 July", 100m, "USD", new(2026, 6, 1, 9, 0, 0, Shanghai), new(2026, 7, 1, 0, 30, 0, Shanghai));
            await DealAsync("open since June", 100m, "USD", new(2026, 6, 30, 9, 0, 0, Shanghai), null);
            await DealAsync("before any rate", 100m, "USD", new(2025, 11, 2, 9, 0, 0, Shanghai), null);
            await DealAsync("no rate at all", 100m, "EUR", new(2026, 6, 1, 9, 0, 0, Shanghai), null);
            await DealAsync("in base", 100m, "CNY", new(2026, 6, 1, 9, 0, 0, Shanghai), null);
        }

        await using var read = database.NewContext();
        var names = await read.Deals.ToDictionaryAsync(d => d.Id, d => d.Name);
        var snapshot = await FunnelSnapshotLoader.LoadAsync(read, null);
        var amounts = snapshot.Deals.ToDictionary(d => names[d.Id], d => d.Amount);
        Assert.Equal(725m, amounts["closed in March"]);
        Assert.Equal(710m, amounts["closed on 1 July"]);
        Assert.Equal(725m, amounts["open since June"]);
        Assert.Equal(725m, amounts["before any rate"]);
        Assert.Null(amounts["no rate at all"]);
        Assert.Equal(100m, amounts["in base"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Setting_correcting_and_removing_a_rate_are_audited_and_the_base_currency_takes_none(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var store = new ExchangeRateStore(db);

        var (first, created) = await store.SetAsync("usd", new DateOnly(2026, 1, 1), 7.25m);
        var (corrected, again) = await store.SetAsync("USD", new DateOnly(2026, 1, 1), 7.2m);
        await store.SetAsync("USD", new DateOnly(2026, 1, 1), 7.2m);
        Assert.True(created);
        Assert.False(again);
        Assert.Equal(first.Id, corrected.Id);
        Assert.Equal("USD", corrected.Currency);
        Assert.Equal(7.2m, (await store.ListAsync()).Single().RateToBase);

        var refused = await Assert.ThrowsAsync<DomainRuleException>(() => store.SetAsync("CNY", new DateOnly(2026, 1, 1), 1m));
        Assert.Equal("currency", refused.Field);
        Assert.Equal("rateToBase", (await Assert.ThrowsAsync<DomainRuleException>(() => store.SetAsync("USD", new DateOnly(2026, 2, 1), 0m))).Field);
        Assert.Equal("currency", (await Assert.ThrowsAsync<DomainRuleException>(() => store.SetAsync("US", new DateOnly(2026, 2, 1), 7m))).Field);

        Assert.True(await store.RemoveAsync(first.Id));
        Assert.False(await store.RemoveAsync(first.Id));
        Assert.Empty(await store.ListAsync());

        var entries = await db.AuditEntries.Where(e => e.EntityType == AuditEntityTypes.ExchangeRate).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([AuditAction.Create, AuditAction.Update, AuditAction.Delete], entries.Select(e => e.Action));
        Assert.Contains("7.2", entries[1].After!, StringComparison.Ordinal);
        Assert.Contains("7.25", entries[1].Before!, StringComparison.Ordinal);
    }
}
