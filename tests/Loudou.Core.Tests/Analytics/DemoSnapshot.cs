using Loudou.Core.Analytics;
using Loudou.Core.Demo;
using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;

namespace Loudou.Core.Tests.Analytics;

/// <summary>The demo workspace as the funnel snapshot loader would read it, made straight from the generator (no database).</summary>
public static class DemoSnapshot
{
    public static readonly WorkspaceSettings Settings = WorkspaceSettings.Create("Asia/Shanghai", "CNY");

    private static readonly (FunnelSnapshot Snapshot, IReadOnlyList<FollowUpTask> Tasks) DocumentedBuild = Build(new DemoOptions(20_000, 1, new DateOnly(2026, 11, 25)));

    /// <summary>The demo of docs/demo-data.md: 20,000 deals, seed 1, as of 2026-11-25, cached per process.</summary>
    public static FunnelSnapshot Documented { get; } = DocumentedBuild.Snapshot;

    /// <summary>The documented demo's follow-up tasks, each assigned to its deal's owner (user id: index in <see cref="DemoCast.Users"/> + 1).</summary>
    public static IReadOnlyList<FollowUpTask> DocumentedTasks { get; } = DocumentedBuild.Tasks;

    /// <summary>The demo's users as the team analysis reads them, with the user ids <see cref="DocumentedTasks"/> uses.</summary>
    public static TeamRoster Roster { get; } = new(
        [.. DemoCast.Users.Select((u, i) => new TeamMember(i + 1, u.Login, u.DisplayName, Enum.Parse<UserRole>(u.Role), u.Team < 0 ? null : DemoCast.Teams[u.Team].Name))])
    {
        Teams = [.. DemoCast.Teams.Select(t => t.Name)],
    };

    /// <summary>The end of the documented demo's as-of day.</summary>
    public static DateTimeOffset DocumentedAsOf { get; } = Settings.Calendar.StartOf(new DateOnly(2026, 11, 26)).AddTicks(-10);

    public static FunnelSnapshot Create(DemoOptions options) => Build(options).Snapshot;

    /// <summary>The snapshot and, gathered in the same pass over the generator, the deals' follow-up tasks.</summary>
    public static (FunnelSnapshot Snapshot, IReadOnlyList<FollowUpTask> Tasks) Build(DemoOptions options)
    {
        var tasks = new List<FollowUpTask>();
        var pipeline = Builders.SavedPipeline(BuiltinPipelines.Default);
        var generator = new DemoGenerator(options, Settings.Calendar, pipeline.ToDefinition(isDefault: true));
        var accounts = generator.Accounts();
        var deals = generator.Deals().Select(d =>
        {
            var account = accounts[d.Account - 1];
            var owner = DemoCast.Users[d.Owner];
            var dimensions = new Dictionary<string, IReadOnlyList<string>>
            {
                ["channel"] = [DemoCast.Channels[d.Channel].Name],
                ["owner"] = [owner.Login],
                ["team"] = [DemoCast.Teams[owner.Team].Name],
                ["industry"] = [account.Industry],
                ["sizeBand"] = [account.SizeBand],
                ["region"] = [account.Region],
                ["product"] = [DemoCast.Products[d.Product].Name],
            };
            tasks.AddRange(d.Tasks.Select(t => new FollowUpTask(d.Number, d.Owner + 1, t.Due, t.DoneAt)));
            var history = d.Transitions.Select(t => (pipeline.Stages[t.Stage].Id, (DateTimeOffset?)t.At)).ToList();
            return new FunnelDeal(d.Number, d.CreatedAt, history, dimensions)
            {
                Amount = d.Amount,
                LossReason = d.Stage == 6 ? d.LossReason : null,
                Touches = [.. d.Activities.Select(a => a.At)],
                Completions = [.. d.Completions.Select(c => (pipeline.Stages[c.Stage].Actions[c.Action].Id, c.At))],
            };
        }).ToList();
        var targets = DemoCast.Targets.Select(t => new StageTarget(pipeline.Stages[t.Stage].Id, null, null, t.Rate)).ToList();
        return (new FunnelSnapshot(pipeline, deals, Settings.Calendar) { Targets = targets }, tasks);
    }
}
