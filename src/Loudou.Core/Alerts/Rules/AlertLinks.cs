using System.Globalization;
using Loudou.Core.Workspace;

namespace Loudou.Core.Alerts.Rules;

/// <summary>Where an alert points: the dashboard view of its segment over the evaluation window, and the deals behind it.</summary>
/// <remarks>
/// The dashboard's window is a creation cohort (docs/metrics.md, "Which deals") while an alert counts exits, closes or stays
/// dated in its window, so the deals listed are the segment's deals created in the window at the stage: the ones to work
/// on, not a recount of the alert's n. The parameters are the dashboard's own (FunnelState), so the links open as is.
/// </remarks>
public static class AlertLinks
{
    public static string Dashboard(AlertCondition condition, DateTimeOffset from, DateTimeOffset toExcl, WorkspaceCalendar calendar) =>
        "/funnel?" + Query(Window(condition, from, toExcl, calendar));

    public static string Deals(AlertCondition condition, DateTimeOffset from, DateTimeOffset toExcl, WorkspaceCalendar calendar)
    {
        var (stage, measure) = condition.Metric switch
        {
            AlertMetrics.Conversion => (condition.Stage, "lost"),
            AlertMetrics.TimeInStage => (condition.Stage, "open"),
            AlertMetrics.WinRate or AlertMetrics.WonAmount => ("won", "entered"),
            _ => (null, null),
        };
        return "/funnel/deals?" + Query([.. Window(condition, from, toExcl, calendar), ("stage", stage), ("measure", measure)]);
    }

    private static List<(string Name, string? Value)> Window(AlertCondition condition, DateTimeOffset from, DateTimeOffset toExcl, WorkspaceCalendar calendar) =>
    [
        ("from", calendar.DateOf(from).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        ("to", calendar.DateOf(toExcl.AddTicks(-1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        ("where", condition.Segment is { } s ? s.Dimension + "=" + s.Value : null),
    ];

    private static string Query(IEnumerable<(string Name, string? Value)> parameters) =>
        string.Join("&", parameters.Where(p => p.Value is not null).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)));
}
