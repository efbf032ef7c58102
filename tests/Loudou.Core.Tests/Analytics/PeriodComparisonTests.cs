using Loudou.Core.Analytics;

namespace Loudou.Core.Tests.Analytics;

public class PeriodComparisonTests
{
    [Fact]
    public void The_default_period_is_the_last_full_month_before_the_as_of_moment()
    {
        var calendar = DemoSnapshot.Settings.Calendar;

        Assert.Equal((new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)), PeriodComparison.Period(calendar, DemoSnapshot.DocumentedAsOf, null, null));
        var endOfNovember = calendar.StartOf(new DateOnly(2026, 12, 1)).AddTicks(-10);
        Assert.Equal((new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)), PeriodComparison.Period(calendar, endOfNovember, null, null));
        Assert.Throws<DomainRuleException>(() => PeriodComparison.Period(calendar, endOfNovember, new DateOnly(2026, 1, 1), null));
    }

    [Fact]
    public void Exits_are_counted_in_the_period_they_happen_whatever_the_cohort_and_compared_by_hand()
    {
        // Calendar UTC, Day0 = 2026-01-01. needs: January exits 60 of 100 advance, February exits 30 of 100;
        // half of February's exits were created in January. Ten deals still open in needs count nowhere.
        var builder = new FunnelBuilder("lead", "needs")
            .Add(60, "lead@1 needs@5 won@20")
            .Add(40, "lead@1 needs@5 lost@20")
            .Add(15, "lead@20 needs@25 won@40")
            .Add(35, "lead@20 needs@25 lost@40")
            .Add(15, "lead@33 needs@35 won@45")
            .Add(35, "lead@33 needs@35 lost@45")
            .Add(10, "lead@33 needs@35");
        var asOf = FunnelBuilder.Day0.AddDays(70);

        var comparison = PeriodComparison.Compute(builder.Snapshot(), new FunnelQuery { AsOf = asOf }, asOf, CompareWith.PreviousPeriod, new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28));

        Assert.Equal((new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31)), (comparison.OtherFrom, comparison.OtherTo));
        var needs = comparison.Total.Stages["needs"];
        Assert.Equal((30L, 100L, 60L, 100L), (needs.Successes, needs.N, needs.OtherSuccesses, needs.OtherN));
        Assert.Equal(-0.3, needs.Difference!.Value, 12);
        Assert.Equal(ProportionTest.TwoSample(30, 100, 60, 100).PTwoSided, needs.PValue!.Value, 15);
        Assert.True(needs.Significant);
        // Lead: every exit advances; 150 left in January (days 5 and 25), 60 in February (day 35). Nothing to tell apart.
        var lead = comparison.Total.Stages["lead"];
        Assert.Equal((60L, 60L, 150L, 150L), (lead.Successes, lead.N, lead.OtherSuccesses, lead.OtherN));
        Assert.False(lead.Significant);
        Assert.Equal((30L, 100L), (comparison.Total.WinRate.Successes, comparison.Total.WinRate.N));
        // The q-values are Benjamini–Hochberg over the report's p-values.
        var all = new[] { comparison.Total.WinRate, lead, needs }.Where(c => c.PValue is not null).ToList();
        var q = BenjaminiHochberg.QValues([.. all.Select(c => c.PValue!.Value)]);
        Assert.Equal(q, all.Select(c => c.QValue!.Value));
    }

    [Fact]
    public void A_year_earlier_and_a_period_of_days_shift_as_documented()
    {
        var builder = new FunnelBuilder("lead").Add(40, "lead@1 won@2").Add(40, "lead@380 lost@390");
        var asOf = FunnelBuilder.Day0.AddDays(400);

        var year = PeriodComparison.Compute(builder.Snapshot(), new FunnelQuery { AsOf = asOf }, asOf, CompareWith.PreviousYear, new DateOnly(2027, 1, 10), new DateOnly(2027, 1, 30));
        var days = PeriodComparison.Compute(builder.Snapshot(), new FunnelQuery { AsOf = asOf }, asOf, CompareWith.PreviousPeriod, new DateOnly(2027, 1, 10), new DateOnly(2027, 1, 30));

        Assert.Equal((new DateOnly(2026, 1, 10), new DateOnly(2026, 1, 30)), (year.OtherFrom, year.OtherTo));
        Assert.Equal((new DateOnly(2026, 12, 20), new DateOnly(2027, 1, 9)), (days.OtherFrom, days.OtherTo));
        // 2027-01-10..30 holds the 40 losses (day 390 = 2027-01-26); a year earlier nothing closed (day 2 = 2026-01-03 is before the 10th).
        Assert.Equal((0L, 40L, 0L, 0L), (year.Total.WinRate.Successes, year.Total.WinRate.N, year.Total.WinRate.OtherSuccesses, year.Total.WinRate.OtherN));
        Assert.Null(year.Total.WinRate.PValue);
    }
}
