using Loudou.Core.Activities;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Process = System.Diagnostics.Process;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace Loudou.Web.Tests.Scheduling;

/// <summary>
/// The scheduler in real host processes: two hosts on one PostgreSQL database run each firing once between them, and
/// a host stopped and started again on SQLite neither repeats nor loses a reminder. The reminder job fires every two
/// seconds here (<c>Loudou:Scheduler:Jobs:reminders:Cron</c>) instead of every minute.
/// </summary>
public class SchedulerHostTests
{
    private const string EveryTwoSeconds = "--Loudou:Scheduler:Jobs:reminders:Cron=0/2 * * * * ?";

    [Fact]
    public async Task Two_hosts_on_one_postgresql_database_run_each_firing_once()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await StuckDeal.SeedAsync(database);
        var hosts = new[] { Start(database), Start(database) };
        try
        {
            await Task.WhenAll(hosts.Select(h => HostProcess.WaitForAddressAsync(h)));
            await WaitForRunsAsync(database, 8);
        }
        finally
        {
            await Task.WhenAll(hosts.Select(HostProcess.StopAsync));
        }

        await using var db = database.NewContext();
        var runs = await db.JobRuns.AsNoTracking().Where(r => r.FinishedAt != null).ToListAsync();
        Assert.True(runs.Count >= 8, $"{runs.Count} runs");
        // Each scheduled moment ran on one host only, and never as the unclustered scheduler.
        Assert.All(runs.GroupBy(r => (r.Job, r.ScheduledFor)), firing => Assert.Single(firing));
        Assert.DoesNotContain(runs, r => r.Instance == "NON_CLUSTERED");
        Assert.All(runs, r => Assert.Null(r.Error));
        // The world's two reminders were raised once between the two hosts.
        Assert.Equal(["rotting", "task-overdue"], (await db.Notifications.AsNoTracking().Select(n => n.Kind).ToListAsync()).Order());
    }

    [Fact]
    public async Task A_host_started_again_neither_repeats_nor_loses_a_reminder()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var deal = await StuckDeal.SeedAsync(database);
        var host = Start(database);
        try
        {
            await HostProcess.WaitForAddressAsync(host);
            await WaitForRunsAsync(database, 2);
        }
        finally
        {
            await HostProcess.StopAsync(host);
        }
        // While the host is down, the deal's owner leaves a task overdue; the next host raises that one, and only that one.
        await using (var db = database.NewContext())
        {
            db.DealTasks.Add(DealTask.Create(deal, "Call back", DateTimeOffset.UtcNow.AddMinutes(-10), await db.Deals.Where(d => d.Id == deal).Select(d => d.OwnerId).SingleAsync()));
            await db.SaveChangesAsync();
        }
        var before = await RunCountAsync(database);
        host = Start(database);
        try
        {
            await HostProcess.WaitForAddressAsync(host);
            await WaitForRunsAsync(database, before + 2);
        }
        finally
        {
            await HostProcess.StopAsync(host);
        }

        await using var check = database.NewContext();
        var kinds = await check.Notifications.AsNoTracking().Select(n => n.Kind + ":" + n.Title).ToListAsync();
        Assert.Equal(["rotting:Stuck", "task-overdue:Call back", "task-overdue:Send the quote"], kinds.Order());
    }

    private static Process Start(TestDatabase database) =>
        HostProcess.Start(database.Target, "--urls", "http://127.0.0.1:0", EveryTwoSeconds);


    /// <summary>Finished runs of the reminder job: the other jobs (a scores run missed while the host was down runs at its start) must not stand in for them.</summary>
    private static async Task<int> RunCountAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        // The reminders job's runs only: the deliveries and alerts jobs run on their own schedules and would count too soon.
        return await db.JobRuns.CountAsync(r => r.FinishedAt != null && r.Job == "reminders");
    }

    private static async Task WaitForRunsAsync(TestDatabase database, int runs)
    {
        var waited = Stopwatch.StartNew();
        while (await RunCountAsync(database) < runs)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(90), $"fewer than {runs} job runs after 90 s");
            await Task.Delay(500);
        }
    }
}
