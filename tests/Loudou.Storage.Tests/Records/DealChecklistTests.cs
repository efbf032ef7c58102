using Loudou.Storage.Deals;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests.Records;

/// <summary>The deal page's checklist: in the caller's scope, and its gate exactly what a forward move is refused for.</summary>
public class DealChecklistTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_gate_shown_is_the_gate_a_move_is_refused_for_and_ticking_an_action_shows_who_and_when(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        var deal = world.Deals["N1"];
        await using var ann = LoudouDatabase.CreateContext(database.Target, world.ScopeOf("ann"));
        var queries = new DealChecklistQueries(ann);

        var before = (await queries.GetAsync(deal))!;
        var refused = await new DealWrites(ann, TimeProvider.System).MoveStageAsync(deal, before.Version, new StageMoveRequest(before.Stages.First(s => s.Position > before.Current.Position).Key));

        Assert.False(before.MayOverride);
        Assert.Equal(DealWriteStatus.GateClosed, refused.Status);
        Assert.Equal(refused.Missing!.Actions, before.Gap.Actions);
        Assert.Equal(refused.Missing.Fields, before.Gap.Fields);
        Assert.NotEmpty(before.Gap.Actions);
        Assert.Contains(before.Current.Key, before.Reached);

        var action = before.Gap.Actions[0];
        ann.ChangeTracker.Clear();
        Assert.Equal(DealWriteStatus.Done, (await new DealWrites(ann, TimeProvider.System).SetActionAsync(deal, before.Version, new ActionRequest(action))).Status);
        var after = (await queries.GetAsync(deal))!;
        var ticked = after.Actions.Single(a => a.Key == action);

        Assert.DoesNotContain(action, after.Gap.Actions);
        Assert.NotNull(ticked.CompletedAt);
        Assert.Equal(await ann.Users.Where(u => u.LoginName == "ann").Select(u => u.DisplayName).SingleAsync(), ticked.CompletedBy);
        Assert.Equal(before.Version + 1, after.Version);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_deal_outside_the_callers_scope_has_no_checklist_and_a_manager_may_override(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        await using var bob = LoudouDatabase.CreateContext(database.Target, world.ScopeOf("bob"));
        await using var max = LoudouDatabase.CreateContext(database.Target, world.ScopeOf("max"));

        Assert.Null(await new DealChecklistQueries(bob).GetAsync(world.Deals["N1"]));
        Assert.True((await new DealChecklistQueries(max).GetAsync(world.Deals["N1"]))!.MayOverride);
    }
}
