using Loudou.Core;
using Loudou.Core.Demo;
using Loudou.Core.Pipelines;
using Loudou.Storage.Demo;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests.Demo;

public class DemoWorkspaceTests
{
    private static readonly DemoOptions Small = new(1_500, 7, new DateOnly(2026, 6, 30));

    [Fact]
    public async Task The_same_seed_gives_the_same_rows_on_both_providers_and_ef_reads_them_back()
    {
        await using var sqlite = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var postgres = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);

        var a = await CreateAndDescribeAsync(sqlite);
        var b = await CreateAndDescribeAsync(postgres);

        Assert.Equal(a, b);
        Assert.Equal(Small.Deals, a.Deals);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task New_records_after_the_demo_get_fresh_ids(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            await DemoWorkspace.CreateAsync(db, Small);
        }

        await using var work = database.NewContext();
        var deal = await Builders.DealAsync(work, "after the demo");

        Assert.Equal(Small.Deals + 1, deal.Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_demo_leaves_the_tables_it_filled_analysed(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        Assert.False(await PlannerStatistics.AnalysedAsync(database, "deals"));
        await using (var db = database.NewContext())
        {
            await DemoWorkspace.CreateAsync(db, Small);
        }

        foreach (var table in new[] { "deals", "stage_transitions", "activities", "contacts" })
        {
            Assert.True(await PlannerStatistics.AnalysedAsync(database, table), table);
        }
    }

    [Fact]
    public async Task Demo_deals_have_their_stages_probability_one_when_won_and_zero_when_lost()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = database.NewContext();
        await DemoWorkspace.CreateAsync(db, Small);

        var pipeline = await Builders.DefaultPipelineAsync(db);
        var byStage = (await db.Deals.Select(d => new { d.StageId, d.Probability }).Distinct().ToListAsync())
            .GroupBy(d => d.StageId).Select(g => new { Stage = g.Key, Probabilities = g.Select(d => d.Probability).ToList() }).ToList();

        Assert.True(byStage.Count > 3);
        Assert.All(byStage, s => Assert.Equal([Core.Deals.Deal.ProbabilityIn(pipeline.FindStage(s.Stage)!)], s.Probabilities));
        Assert.Contains(byStage, s => s.Probabilities.SequenceEqual([1.0]));
        Assert.Contains(byStage, s => s.Probabilities.SequenceEqual([0.0]));
    }

    [Fact]
    public async Task Every_demo_account_has_its_people_and_each_deal_names_one_of_its_own_accounts_people_as_main_contact()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = database.NewContext();
        var summary = await DemoWorkspace.CreateAsync(db, Small);

        var perAccount = await db.Contacts.GroupBy(c => c.AccountId).Select(g => g.Count()).Distinct().ToListAsync();
        var foreign = await db.Deals.CountAsync(d => d.ContactId == null || db.Contacts.Single(c => c.Id == d.ContactId).AccountId != d.AccountId);

        Assert.Equal(summary.Accounts * DemoGenerator.ContactsPerAccount, summary.Contacts);
        Assert.Equal([DemoGenerator.ContactsPerAccount], perAccount);
        Assert.Equal(0, foreign);
        Assert.All(await db.Contacts.Select(c => c.Email).ToListAsync(), e => Assert.EndsWith(".example.cn", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_workspace_that_has_deals_is_refused_and_keeps_what_it_had()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = database.NewContext();
        await Builders.DealAsync(db, "mine");

        var error = await Assert.ThrowsAsync<DomainRuleException>(() => DemoWorkspace.CreateAsync(db, Small));

        Assert.Contains("already has 1 deals", error.Message);
        Assert.Equal(1, await db.Deals.CountAsync());
        Assert.Equal(0, await db.Users.CountAsync());
    }

    private static async Task<(long Deals, long Won, long Transitions, long Activities, long Completions, decimal Amount, DateTimeOffset? LastClose)> CreateAndDescribeAsync(TestDatabase database)
    {
        await using (var db = database.NewContext())
        {
            await DemoWorkspace.CreateAsync(db, Small);
        }
        await using var read = database.NewContext();
        var won = (await read.Pipelines.SingleAsync(p => p.Key == BuiltinPipelines.Default.Key)).FindStage("won")!.Id;
        var amounts = await read.Deals.Select(d => d.Amount).ToListAsync();
        return (
            await read.Deals.CountAsync(),
            await read.Deals.CountAsync(d => d.StageId == won),
            await read.StageTransitions.CountAsync(),
            await read.Activities.CountAsync(),
            await read.ActionCompletions.CountAsync(),
            amounts.Sum() ?? 0,
            await read.Deals.Where(d => d.ClosedAt != null).OrderByDescending(d => d.ClosedAt).Select(d => d.ClosedAt).FirstAsync());
    }
}
