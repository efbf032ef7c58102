using System.Text;
using Loudou.Core.Import;
using Loudou.Import;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Loudou.Web.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Loudou.Web.Tests.Imports;

/// <summary>The host's background imports: one at a time, and a cancelled one leaves the database as it was.</summary>
public class ImportRunsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_run_cancelled_while_writing_leaves_the_database_as_it_was_and_a_second_run_meanwhile_is_refused(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var folder = Directory.CreateTempSubdirectory("loudou-runs-");
        var path = Path.Combine(folder.FullName, "deals.csv");
        await File.WriteAllTextAsync(path, "external_id,name,amount,created_at,stage\n" +
            string.Concat(Enumerable.Range(1, 2000).Select(i => $"R-{i},Deal {i},{i},2024-05-03,won\n")), Encoding.UTF8);
        var before = await CountsAsync(database);
        var runs = new ImportRuns(NullLogger<ImportRuns>.Instance);
        var request = new ImportRequest(ImportEntity.Deals, [path], ImportPresets.Load("generic", ImportEntity.Deals), "preset generic", By: "first");
        using var writing = new ManualResetEventSlim();
        using var proceed = new ManualResetEventSlim();

        var (run, _) = runs.TryStart(request, folder.FullName, async (progress, cancellationToken) =>
        {
            await using var db = database.NewContext();
            return await new ImportEngine(db, new HoldWhenWriting(progress, writing, proceed)).RunAsync(request, cancellationToken);
        });
        Assert.NotNull(run);
        Assert.True(writing.Wait(TimeSpan.FromSeconds(60)), "the import reached its write");
        var (second, busy) = runs.TryStart(request with { By = "second" }, folder.FullName, (_, _) => throw new InvalidOperationException("must not run"));
        run.Cancel();
        proceed.Set();
        for (var waited = 0; run.State == ImportRunState.Running && waited < 600; waited++)
        {
            await Task.Delay(100);
        }

        Assert.Null(second);
        Assert.Same(run, busy);
        Assert.Equal(ImportRunState.Cancelled, run.State);
        Assert.Equal(before, await CountsAsync(database));
        Assert.False(Directory.Exists(folder.FullName));
        Assert.Equal([run], runs.Recent);
    }

    private static async Task<(int Deals, int History, int Audit)> CountsAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        return (await db.Deals.CountAsync(), await db.StageTransitions.CountAsync(), await db.AuditEntries.CountAsync());
    }

    /// <summary>Passes progress on, and at the first write step holds the import until the test has asked to cancel.</summary>
    private sealed class HoldWhenWriting(IProgress<ImportProgress> inner, ManualResetEventSlim writing, ManualResetEventSlim proceed) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            inner.Report(value);
            if (value.Step.StartsWith("writing", StringComparison.Ordinal) && !writing.IsSet)
            {
                writing.Set();
                proceed.Wait(TimeSpan.FromSeconds(60));
            }
        }
    }
}
