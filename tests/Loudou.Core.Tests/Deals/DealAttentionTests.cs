using Loudou.Core.Deals;

namespace Loudou.Core.Tests.Deals;

/// <summary>The attention rules at their edges, worked by hand: exactly at the limit is not yet past it.</summary>
public class DealAttentionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(7.0, 7, false)]
    [InlineData(7.001, 7, true)]
    [InlineData(30.0, null, false)]
    public void A_deal_rots_only_once_past_its_stages_days(double daysIn, int? rottingDays, bool rotting) =>
        Assert.Equal(rotting, DealAttention.IsRotting(Now.AddDays(-daysIn), rottingDays, Now));

    [Fact]
    public void A_deal_whose_stage_entry_is_unknown_does_not_rot() =>
        Assert.False(DealAttention.IsRotting(null, 1, Now));

    [Theory]
    [InlineData(false, null, 14, true)]
    [InlineData(true, null, 14, false)]
    [InlineData(false, 14.0, 14, false)]
    [InlineData(false, 14.01, 14, true)]
    [InlineData(false, 13.0, null, false)]
    [InlineData(false, 15.0, null, true)]
    public void No_next_step_means_no_open_task_and_no_activity_within_the_window(bool openTask, double? daysSinceActivity, int? rottingDays, bool noNextStep) =>
        Assert.Equal(noNextStep, DealAttention.HasNoNextStep(openTask, daysSinceActivity is { } d ? Now.AddDays(-d) : null, rottingDays, Now));

    [Theory]
    [InlineData(24.0, false, 24, false)]
    [InlineData(24.5, false, 24, true)]
    [InlineData(48.0, true, 24, false)]
    [InlineData(480.0, false, null, false)]
    public void A_first_response_is_awaited_past_the_sla_until_any_activity(double hoursOld, bool hasActivity, int? slaHours, bool awaits) =>
        Assert.Equal(awaits, DealAttention.AwaitsFirstResponse(Now.AddHours(-hoursOld), null, hasActivity ? Now.AddHours(-hoursOld + 1) : null, slaHours, Now));

    [Theory]
    // Handed over 30 hours ago, answered before: the new owner has not answered, 6 hours late.
    [InlineData(-40.0, 30.0, true)]
    // Answered 10 hours ago, after the hand-over.
    [InlineData(-10.0, 30.0, false)]
    // Handed over 20 hours ago: the SLA of 24 hours has not run out again.
    [InlineData(-40.0, 20.0, false)]
    public void A_new_owner_has_the_sla_again_from_the_hand_over(double lastActivityHours, double assignedHoursAgo, bool awaits)
    {
        var created = Now.AddDays(-10);
        Assert.Equal(awaits, DealAttention.AwaitsFirstResponse(created, Now.AddHours(-assignedHoursAgo), Now.AddHours(lastActivityHours), 24, Now));
        Assert.Equal(Now.AddHours(-assignedHoursAgo + 24), DealAttention.FirstResponseDue(created, Now.AddHours(-assignedHoursAgo), 24));
    }
}
