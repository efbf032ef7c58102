using Loudou.Core.Workspace;

namespace Loudou.Core.Tests.Workspace;

public class WorkspaceCalendarTests
{
    [Fact]
    public void A_late_evening_in_shanghai_belongs_to_the_local_month()
    {
        var calendar = WorkspaceSettings.Create("Asia/Shanghai", "CNY").Calendar;
        var lastEveningOfMarch = new DateTimeOffset(2026, 3, 31, 15, 30, 0, TimeSpan.Zero); // 23:30 in Shanghai

        Assert.Equal(new DateOnly(2026, 3, 1), calendar.MonthOf(lastEveningOfMarch));
        Assert.Equal(new DateOnly(2026, 4, 1), calendar.MonthOf(lastEveningOfMarch.AddHours(1)));
    }

    [Fact]
    public void A_month_window_is_half_open_at_local_midnights()
    {
        var calendar = WorkspaceSettings.Create("Asia/Shanghai", "CNY").Calendar;

        var (from, toExcl) = calendar.MonthWindow(new DateOnly(2026, 2, 14));

        Assert.Equal(new DateTimeOffset(2026, 1, 31, 16, 0, 0, TimeSpan.Zero), from.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 16, 0, 0, TimeSpan.Zero), toExcl.ToUniversalTime());
    }

    [Fact]
    public void Month_windows_follow_daylight_saving_time()
    {
        var calendar = WorkspaceSettings.Create("America/New_York", "USD").Calendar;

        var (march, _) = calendar.MonthWindow(new DateOnly(2026, 3, 1));
        var (april, _) = calendar.MonthWindow(new DateOnly(2026, 4, 1));

        Assert.Equal(TimeSpan.FromHours(-5), march.Offset);
        Assert.Equal(TimeSpan.FromHours(-4), april.Offset);
        Assert.Equal(new DateOnly(2026, 3, 31), calendar.DateOf(april.AddTicks(-1)));
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("")]
    public void An_unknown_time_zone_is_refused(string zone)
    {
        Assert.Equal("timeZone", Assert.Throws<DomainRuleException>(() => WorkspaceSettings.Create(zone, "CNY")).Field);
    }
}
