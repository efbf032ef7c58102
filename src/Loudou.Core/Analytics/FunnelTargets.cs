using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;

namespace Loudou.Core.Analytics;

/// <summary>Puts each open stage's conversion target beside its actual conversion (docs/metrics.md, "Targets beside actuals").</summary>
/// <remarks>
/// The target is the one <see cref="StageTargets.For"/> picks for the as-of month, as bottlenecks test against it: for the
/// team the answer is about (one <c>team=</c> filter, else a manager's own team), the workspace's otherwise; in a
/// breakdown by team, each team's own.
/// </remarks>
internal static class FunnelTargets
{
    public static FunnelReport Attach(FunnelReport report, IReadOnlyList<StageTarget> targets, IReadOnlyList<Stage> rows, FunnelQuery query, WorkspaceCalendar calendar)
    {
        if (targets.Count == 0)
        {
            return report;
        }
        var month = calendar.MonthOf(report.AsOf);
        var filtered = query.Where.Where(w => w.Dimension == "team").Select(w => w.Value).Distinct(StringComparer.Ordinal).ToList();
        var team = filtered.Count switch
        {
            1 => filtered[0],
            0 => query.Scope?.Team,
            _ => null,
        };
        FunnelFigures With(FunnelFigures figures, string? forTeam) => figures with
        {
            Stages = [.. figures.Stages.Select((s, i) => rows[i].Kind == StageKind.Open ? s with { Target = StageTargets.For(targets, rows[i].Id, forTeam, month) } : s)],
        };
        return report with
        {
            Total = With(report.Total, team),
            Groups = report.Groups is { } groups ? [.. groups.Select(g => g with { Figures = With(g.Figures, report.By == "team" ? g.Key : team) })] : null,
        };
    }
}
