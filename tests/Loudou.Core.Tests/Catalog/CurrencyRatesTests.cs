using Loudou.Core.Catalog;
using Loudou.Core.Workspace;

namespace Loudou.Core.Tests.Catalog;

public class CurrencyRatesTests
{
    private static readonly CurrencyRates Rates = new("CNY",
    [
        ExchangeRate.Create("USD", new DateOnly(2026, 7, 1), 7.10m),
        ExchangeRate.Create("USD", new DateOnly(2026, 1, 1), 7.25m),
        ExchangeRate.Create("EUR", new DateOnly(2026, 3, 15), 7.80m),
    ]);

    [Theory]
    [InlineData("2026-01-01", 7.25)] // the first day of the January rate
    [InlineData("2026-06-30", 7.25)] // the day before July's
    [InlineData("2026-07-01", 7.10)]
    [InlineData("2026-12-31", 7.10)]
    [InlineData("2025-06-01", 7.25)] // before the first rate: the first
    public void A_day_takes_the_rate_in_force_then(string day, double expected) =>
        Assert.Equal((decimal)expected, Rates.RateOn("USD", DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void The_base_currency_is_one_an_unknown_currency_has_no_rate_and_an_undated_amount_takes_the_latest()
    {
        Assert.Equal(1m, Rates.RateOn("CNY", null));
        Assert.Null(Rates.RateOn("JPY", new DateOnly(2026, 5, 1)));
        Assert.Null(Rates.InBase(100m, "JPY", new DateOnly(2026, 5, 1)));
        Assert.Equal(7.10m, Rates.RateOn("USD", null));
        Assert.Null(Rates.InBase(null, "USD", new DateOnly(2026, 5, 1)));
        Assert.Equal(780m, Rates.InBase(100m, "EUR", new DateOnly(2026, 3, 15)));
    }

    [Fact]
    public void A_deal_is_converted_on_its_close_day_else_its_creation_day_in_the_workspace_zone()
    {
        var shanghai = WorkspaceCalendar.FindZone("Asia/Shanghai");
        var created = new DateTimeOffset(2026, 6, 10, 9, 0, 0, TimeSpan.FromHours(8));
        var closedLateJune30Utc = new DateTimeOffset(2026, 6, 30, 17, 0, 0, TimeSpan.Zero); // 01:00 on 1 July in Shanghai

        Assert.Equal(new DateOnly(2026, 7, 1), CurrencyRates.DayOf(closedLateJune30Utc, created, shanghai));
        Assert.Equal(new DateOnly(2026, 6, 10), CurrencyRates.DayOf(null, created, shanghai));
        Assert.Null(CurrencyRates.DayOf(null, null, shanghai));
        Assert.Equal(710m, Rates.InBase(100m, "USD", CurrencyRates.DayOf(closedLateJune30Utc, created, shanghai)));
    }

    [Fact]
    public void Lookups_agree_with_a_plain_scan_over_random_tables()
    {
        var random = new Random(20261207);
        for (var round = 0; round < 200; round++)
        {
            var days = Enumerable.Range(0, random.Next(1, 12)).Select(_ => new DateOnly(2025, 1, 1).AddDays(random.Next(0, 700))).Distinct().ToList();
            var table = days.Select(d => ExchangeRate.Create("USD", d, Math.Round((decimal)random.NextDouble() * 10 + 0.01m, 4))).ToList();
            var rates = new CurrencyRates("CNY", table);
            for (var probe = 0; probe < 50; probe++)
            {
                var day = new DateOnly(2024, 12, 1).AddDays(random.Next(0, 800));
                var inForce = table.Where(r => r.ValidFrom <= day).MaxBy(r => r.ValidFrom) ?? table.MinBy(r => r.ValidFrom)!;
                Assert.Equal(inForce.RateToBase, rates.RateOn("USD", day));
            }
        }
    }
}
