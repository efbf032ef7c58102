using Loudou.Core.Workspace;
using Loudou.Web.Scheduling;

namespace Loudou.Web.Tests.Scheduling;

/// <summary>When the alerts job finds a rule's five-field cron due: in the workspace time zone, once for a missed stretch.</summary>
public class AlertJobTests
{
    private static readonly TimeZoneInfo Shanghai = WorkspaceCalendar.FindZone("Asia/Shanghai");

    [Fact]
    public void A_daily_eight_oclock_rule_is_due_in_the_run_after_eight_in_the_workspace_zone_and_not_before()
    {
        // 08:00 in Shanghai is 00:00 UTC.
        var eight = new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

        Assert.True(AlertJob.IsDue("0 8 * * *", eight.AddMinutes(-15), eight.AddMinutes(5), Shanghai));
        Assert.False(AlertJob.IsDue("0 8 * * *", eight.AddMinutes(-30), eight.AddMinutes(-15), Shanghai));
        Assert.False(AlertJob.IsDue("0 8 * * *", eight, eight.AddMinutes(15), Shanghai));
    }

    [Fact]
    public void A_host_down_for_days_runs_a_missed_schedule_once_and_a_bad_expression_never()
    {
        var evaluated = new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);
        var now = new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

        Assert.True(AlertJob.IsDue("0 8 * * 1", evaluated, now, Shanghai));
        Assert.False(AlertJob.IsDue("daily", evaluated, now, Shanghai));
    }
}
