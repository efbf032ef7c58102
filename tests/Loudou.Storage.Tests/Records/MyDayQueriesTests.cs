using Loudou.Core.Access;
using Loudou.Core.Accounts;
using Loudou.Core.Activities;
using Loudou.Core.Deals;
using Loudou.Core.Workspace;
using Loudou.Storage.Deals;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Loudou.Storage.Tests.Records;

/// <summary>
/// My day on a small world whose answer is known by construction: a Monday 10:00 in Shanghai, rep ann's deals and
/// tasks beside a teammate's task on her deal, another team's deal and a won one.
/// </summary>
public class MyDayQueriesTests
{
    // Monday 16 March 2026, 10:00 in the workspace's zone (Asia/Shanghai): 02:00 UTC.
    private static readonly DateTimeOffset Now = new(2026, 3, 16, 10, 0, 0, TimeSpan.FromHours(8));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_day_lists_exactly_the_users_tasks_due_by_tonight_and_their_open_deals_that_need_attention(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(Now);
        var world = await WorldAsync(database, clock);
        await using var ann = LoudouDatabase.CreateContext(database.Target, AccessScope.For(world.Ann), clock);

        var day = await new MyDayQueries(ann, clock).ReadAsync();

        Assert.Equal(Now, day.Now);
        // Longest overdue first; the task on bob's deal is hers to do though she cannot see the deal.
        Assert.Equal([world.Tasks["overdue on Rotting"], world.Tasks["handed over, due 09:00 today"]], day.Overdue.Select(t => t.Id));
        Assert.Equal([world.Tasks["due 18:00 today"]], day.DueToday.Select(t => t.Id));
        Assert.Equal([world.Deals["Unanswered"]], day.AwaitingFirstResponse.Select(d => d.Id));
        Assert.Equal([world.Deals["Rotting"], world.Deals["Stale lead"]], day.Rotting.Select(d => d.Id));
        Assert.Equal([world.Deals["Quiet"], world.Deals["Stale lead"], world.Deals["Unanswered"]], day.NoNextStep.Select(d => d.Id));

        var overdue = day.Overdue[0];
        Assert.Equal(("Rotting", "Acme"), (overdue.DealName, overdue.Account));
        Assert.Null(day.Overdue[1].DealName);
        var rotting = day.Rotting[0];
        Assert.Equal(("Acme", (decimal?)50_000m, "CNY", "Lead acquisition", (int?)7), (rotting.Account, rotting.Amount, rotting.Currency, rotting.StageName.En, rotting.RottingDays));
        Assert.Equal(Now.AddDays(-30), rotting.EnteredStage);
        Assert.Equal(Now.AddHours(-6), day.AwaitingFirstResponse[0].FirstResponseDue);
        Assert.Equal(Now.AddDays(-30), day.NoNextStep[0].LastActivity);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_first_response_and_a_task_take_a_deal_off_the_lists_they_answer(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(Now);
        var world = await WorldAsync(database, clock);
        await using (var db = database.NewContext(clock))
        {
            db.Activities.Add(Activity.Record(world.Deals["Unanswered"], ActivityKind.Call, Now.AddMinutes(-5), world.Ann.Id));
            db.DealTasks.Add(DealTask.Create(world.Deals["Stale lead"], "Call back", Now.AddDays(2), world.Ann.Id));
            await db.SaveChangesAsync();
        }
        await using var ann = LoudouDatabase.CreateContext(database.Target, AccessScope.For(world.Ann), clock);

        var day = await new MyDayQueries(ann, clock).ReadAsync();

        Assert.Empty(day.AwaitingFirstResponse);
        Assert.Equal([world.Deals["Quiet"]], day.NoNextStep.Select(d => d.Id));
        // Still in its stage too long: a plan does not make a deal fresh.
        Assert.Contains(world.Deals["Stale lead"], day.Rotting.Select(d => d.Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_caller_without_a_user_has_an_empty_day(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(Now);
        await WorldAsync(database, clock);
        await using var operatorContext = database.NewContext(clock);

        var day = await new MyDayQueries(operatorContext, clock).ReadAsync();

        Assert.Empty(day.Overdue.Concat(day.DueToday));
        Assert.Empty(day.AwaitingFirstResponse.Concat(day.Rotting).Concat(day.NoNextStep));
    }

    private sealed record World(User Ann, IReadOnlyDictionary<string, long> Deals, IReadOnlyDictionary<string, long> Tasks);

    /// <summary>
    /// Ann's deals in the default pipeline (lead: rotting 7 days, first response within 24 h; nurturing: 14 days, no SLA;
    /// needs: 21 days, no SLA):
    /// what each should land in is its comment.
    /// </summary>
    private static async Task<World> WorldAsync(TestDatabase database, TimeProvider clock)
    {
        await using var db = database.NewContext(clock);
        var ann = await Builders.UserAsync(db, "ann");
        var cai = await Builders.UserAsync(db, "cai");
        var bob = await Builders.UserAsync(db, "bob", team: "West");
        var acme = db.Accounts.Add(Account.Create("Acme")).Entity;
        await db.SaveChangesAsync();
        var pipeline = await Builders.DefaultPipelineAsync(db);
        var lead = pipeline.FindStage("lead")!;
        var nurturing = pipeline.FindStage("nurturing")!;
        var needs = pipeline.FindStage("needs")!;
        var deals = new Dictionary<string, Deal>();

        Deal Add(string name, DateTimeOffset created, User owner, Core.Pipelines.Stage? stage = null, DateTimeOffset? entered = null)
        {
            var deal = Deal.Create(name, pipeline, "CNY", created, owner.Id, TransitionSource.App, stage, entered);
            deal.AssignTo(owner);
            db.Deals.Add(deal);
            deals[name] = deal;
            return deal;
        }

        // Rotting (30 days in lead), answered, planned: rotting only.
        var rotting = Add("Rotting", Now.AddDays(-30), ann);
        rotting.SetAmount(50_000m, "CNY");
        rotting.LinkAccount(acme.Id, null);
        // Rotting (20 days in lead), last touched 15 days ago, nothing planned: rotting and no next step.
        Add("Stale lead", Now.AddDays(-20), ann);
        // Two days old, touched yesterday, planned: nothing.
        Add("Fresh", Now.AddDays(-2), ann);
        // Five days in nurturing (limit 14, no SLA), never touched, but a teammate holds a task on it: nothing.
        Add("Planned", Now.AddDays(-5), ann, nurturing);
        // Ten days in needs (limit 21), last touched 30 days ago, its task done: no next step only.
        Add("Quiet", Now.AddDays(-60), ann, needs, Now.AddDays(-10));
        // Thirty hours old, SLA 24 h, nothing at all: awaiting first response and no next step.
        Add("Unanswered", Now.AddHours(-30), ann);
        // Answered 30 h after creation, three days ago: late, but answered; nothing.
        Add("Answered late", Now.AddDays(-3), ann);
        // Two hours old, within its SLA, with a task due tonight: nothing (the task is due today).
        Add("Just in", Now.AddHours(-2), ann);
        // Won long ago and left alone: closed deals are in no list.
        var won = Add("Won", Now.AddDays(-90), ann);
        // Another team's rotting, untouched deal: not ann's.
        Add("Bob's", Now.AddDays(-40), bob);
        await db.SaveChangesAsync();
        won.MoveTo(pipeline.Stages.Single(s => s.Kind == Core.Pipelines.StageKind.Won), Now.AddDays(-80), ann.Id, TransitionSource.App);
        await db.SaveChangesAsync();

        db.Activities.AddRange(
            Activity.Record(rotting.Id, ActivityKind.Call, Now.AddDays(-1), ann.Id),
            Activity.Record(deals["Stale lead"].Id, ActivityKind.Call, Now.AddDays(-15), ann.Id),
            Activity.Record(deals["Fresh"].Id, ActivityKind.Visit, Now.AddDays(-1), ann.Id),
            Activity.Record(deals["Quiet"].Id, ActivityKind.Call, Now.AddDays(-30), ann.Id),
            Activity.Record(deals["Answered late"].Id, ActivityKind.Call, Now.AddDays(-3).AddHours(30), ann.Id));
        var tonight = new DateTimeOffset(2026, 3, 16, 18, 0, 0, TimeSpan.FromHours(8));
        var tasks = new Dictionary<string, DealTask>
        {
            ["overdue on Rotting"] = DealTask.Create(rotting.Id, "Send the quote", Now.AddDays(-2), ann.Id),
            ["handed over, due 09:00 today"] = DealTask.Create(deals["Bob's"].Id, "Visit for bob", Now.AddHours(-1), ann.Id),
            ["due 18:00 today"] = DealTask.Create(deals["Just in"].Id, "First call", tonight, ann.Id),
            ["due tomorrow"] = DealTask.Create(deals["Fresh"].Id, "Demo", tonight.AddDays(1), ann.Id),
            ["due at midnight tonight"] = DealTask.Create(deals["Fresh"].Id, "Late mail", new DateTimeOffset(2026, 3, 17, 0, 0, 0, TimeSpan.FromHours(8)), ann.Id),
            ["teammate's, overdue"] = DealTask.Create(deals["Planned"].Id, "Cai calls", Now.AddDays(-1), cai.Id),
            ["done, was overdue"] = DealTask.Create(deals["Quiet"].Id, "Old call", Now.AddDays(-5), ann.Id),
            ["undated"] = DealTask.Create(deals["Won"].Id, "Thank-you note", null, ann.Id),
        };
        db.DealTasks.AddRange(tasks.Values);
        await db.SaveChangesAsync();
        tasks["done, was overdue"].Complete(ann.Id, Now.AddDays(-4));
        await db.SaveChangesAsync();
        return new World(ann, deals.ToDictionary(d => d.Key, d => d.Value.Id), tasks.ToDictionary(t => t.Key, t => t.Value.Id));
    }
}
