using Loudou.Storage;
using Quartz;

namespace Loudou.Web.Scheduling;

/// <summary>
/// The host's recurring jobs on Quartz.NET with its ADO job store in the application's own database (tables made by
/// the migrations): clustered on PostgreSQL, so that of several hosts on one database each firing runs on one;
/// on SQLite a single host.
/// </summary>
public static class SchedulerSetup
{
    /// <summary>The scheduler's name: every host of one cluster must share it, so it is fixed.</summary>
    public const string SchedulerName = "loudou";

    public static WebApplicationBuilder AddLoudouScheduler(this WebApplicationBuilder builder)
    {
        var options = SchedulerOptions.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddScoped<JobList>();
        builder.Services.AddSingleton(BackupOptions.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton<ScoreRefreshState>();
        builder.Services.AddSingleton(Notifications.NotificationOptions.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton<Notifications.DeliverySender>();
        // A target that never answers costs ten seconds of one run, not the run.
        builder.Services.AddHttpClient(Notifications.DeliverySender.Client, c => c.Timeout = TimeSpan.FromSeconds(10));
        if (!options.Enabled)
        {
            return builder;
        }
        DatabaseTarget target;
        try
        {
            target = DatabaseTarget.FromConfiguration(builder.Configuration);
        }
        catch (DatabaseUnavailableException)
        {
            // A bad database setting: the start-up check names it and stops the host before any job could run.
            return builder;
        }
        builder.Services.AddQuartz(q =>
        {
            q.SchedulerName = SchedulerName;
            q.SchedulerId = "AUTO";
            q.UsePersistentStore(store =>
            {
                store.UseSystemTextJsonSerializer();
                store.UseProperties = true;
                if (target.Provider == DatabaseProvider.Postgres)
                {
                    store.UsePostgres(target.ConnectionString);
                    store.UseClustering(cluster =>
                    {
                        cluster.CheckinInterval = TimeSpan.FromSeconds(10);
                        cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(30);
                    });
                }
                else
                {
                    store.UseMicrosoftSQLite(target.ConnectionString);
                }
            });
            foreach (var job in LoudouJobs.All)
            {
                q.AddJob(job.Type, LoudouJobs.KeyOf(job), j => j.StoreDurably());
            }
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        // After Quartz's own hosted service: the scheduler exists by then.
        builder.Services.AddHostedService<TriggerSync>();
        return builder;
    }
}
