using Loudou.Core.Alerts;
using Loudou.Core.Alerts.Preferences;

namespace Loudou.Core.Tests.Alerts;

public class QuietHoursTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Theory]
    // A night window: 22:00 to 08:00 in Shanghai (UTC+8).
    [InlineData("2026-03-16T21:59:00+08:00", "2026-03-16T21:59:00+08:00")]
    [InlineData("2026-03-16T22:00:00+08:00", "2026-03-17T08:00:00+08:00")]
    [InlineData("2026-03-16T23:30:00+08:00", "2026-03-17T08:00:00+08:00")]
    [InlineData("2026-03-17T03:00:00+08:00", "2026-03-17T08:00:00+08:00")]
    [InlineData("2026-03-17T07:59:00+08:00", "2026-03-17T08:00:00+08:00")]
    [InlineData("2026-03-17T08:00:00+08:00", "2026-03-17T08:00:00+08:00")]
    // The moment may come in any offset: 15:00 UTC is 23:00 in Shanghai.
    [InlineData("2026-03-16T15:00:00+00:00", "2026-03-17T08:00:00+08:00")]
    public void A_night_window_holds_back_until_its_end_in_the_workspace_time(string now, string allowed) =>
        Assert.Equal(DateTimeOffset.Parse(allowed), QuietHours.Create(new(22, 0), new(8, 0)).NextAllowed(DateTimeOffset.Parse(now), Shanghai));

    [Theory]
    [InlineData("2026-03-16T11:59:00+08:00", "2026-03-16T11:59:00+08:00")]
    [InlineData("2026-03-16T12:00:00+08:00", "2026-03-16T13:30:00+08:00")]
    [InlineData("2026-03-16T13:29:00+08:00", "2026-03-16T13:30:00+08:00")]
    [InlineData("2026-03-16T13:30:00+08:00", "2026-03-16T13:30:00+08:00")]
    public void A_daytime_window_ends_the_same_day(string now, string allowed) =>
        Assert.Equal(DateTimeOffset.Parse(allowed), QuietHours.Create(new(12, 0), new(13, 30)).NextAllowed(DateTimeOffset.Parse(now), Shanghai));

    [Fact]
    public void An_end_that_daylight_saving_skips_moves_to_the_first_minute_that_exists()
    {
        // New York skips 02:00-03:00 on 8 March 2026: a window ending at 02:30 ends at 03:00 EDT (07:00 UTC).
        var quiet = QuietHours.Create(new(1, 0), new(2, 30));
        var allowed = quiet.NextAllowed(new DateTimeOffset(2026, 3, 8, 1, 15, 0, TimeSpan.FromHours(-5)), NewYork);
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero), allowed);
    }

    [Fact]
    public void A_window_of_no_length_is_refused()
    {
        var refused = Assert.Throws<DomainRuleException>(() => QuietHours.Create(new(8, 0), new(8, 0)));
        Assert.Equal("quietHours", refused.Field);
    }

    [Fact]
    public void A_rule_off_and_on_again_wants_only_what_falls_due_from_then_and_keeps_to_the_personal_channels()
    {
        var start = new DateTimeOffset(2026, 3, 16, 2, 0, 0, TimeSpan.Zero);
        var choice = ReminderChoice.Create(7, Core.Reminders.ReminderRule.Rotting, DeliveryChannels.None, start);
        Assert.False(choice.Wants(start.AddDays(1)));

        choice.Change(DeliveryChannels.Email | DeliveryChannels.Webhook, start.AddHours(5));

        Assert.Equal(DeliveryChannels.Email, choice.Channels);
        Assert.False(choice.Wants(start.AddHours(4)));
        Assert.True(choice.Wants(start.AddHours(5)));
        Assert.Equal(DeliveryChannels.Email, ReminderChoice.ChannelsOf([choice], "rotting"));
        Assert.Equal(ReminderChoice.Choosable, ReminderChoice.ChannelsOf([choice], "task-overdue"));
        Assert.Equal(ReminderChoice.Choosable, ReminderChoice.ChannelsOf([choice], "alert"));
    }
}
