using System.Diagnostics;
using System.Globalization;
using System.Text;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Cli.Tests.Commands;

/// <summary>An import killed with SIGKILL in the middle of its bulk write, then run again.</summary>
/// <remarks>
/// Two moments: while the new deals are being written (100,000 rows), and at a million rows while
/// SQLite builds again the indexes the bulk write dropped, the moment at which a kill could cost
/// the most (data and indexes both belong to the one transaction, so both must come back as they
/// were). bench/import.sh measures the million-row import itself.
/// </remarks>
public sealed class ImportKillTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("loudou-kill-").FullName;

    [Theory]
    [InlineData(100_000, "writing deals", 500)]
    [InlineData(1_000_000, "building indexes", 1500)]
    public async Task A_kill_9_during_a_large_import_and_a_rerun_leave_exactly_the_files_rows(int rows, string step, int afterMilliseconds)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var indexes = await IndexesAsync(database);
        var file = WriteDeals(rows);
        var db = "sqlite:" + database.Target.SqlitePath;
        using (var process = Start(file, db))
        {
            // With stderr not a terminal, the import names each step on a line of its own.
            while (await process.StandardError.ReadLineAsync() is { } line && !line.StartsWith(step, StringComparison.Ordinal))
            {
            }
            await Task.Delay(afterMilliseconds);
            Assert.False(process.HasExited, $"the import ended before it could be killed while {step}");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        await using (var context = database.NewContext())
        {
            Assert.Equal(0, await context.Deals.CountAsync());
            Assert.Equal(0, await context.StageTransitions.CountAsync());
        }
        Assert.Equal(indexes, await IndexesAsync(database));

        var rerun = await CliRun.RunAsync("import", "deals", file, "--db", db);

        Assert.Equal(0, rerun.ExitCode);
        Assert.Contains($"{rows:N0} rows, {rows:N0} created", rerun.Output);
        await using var check = database.NewContext();
        Assert.Equal(rows, await check.Deals.CountAsync());
        Assert.Equal(rows, await check.Deals.Select(d => d.ExternalId).Distinct().CountAsync());
        Assert.Equal(rows, await check.Deals.Where(d => check.StageTransitions.Any(t => t.DealId == d.Id)).CountAsync());
        Assert.Equal(indexes, await IndexesAsync(database));
        Assert.Equal(["ok"], await check.Database.SqlQueryRaw<string>("PRAGMA quick_check").ToListAsync());
    }

    /// <summary>Every index of the database with the SQL that makes it.</summary>
    private static async Task<List<string>> IndexesAsync(TestDatabase database)
    {
        await using var context = database.NewContext();
        return await context.Database.SqlQueryRaw<string>("SELECT name || ': ' || coalesce(sql, '') AS \"Value\" FROM sqlite_master WHERE type = 'index' ORDER BY name").ToListAsync();
    }

    private static Process Start(string file, string db) => Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "loudou.dll"), "import", "deals", file, "--db", db]) { RedirectStandardError = true })!;

    private string WriteDeals(int rows)
    {
        var path = Path.Combine(_directory, "deals.csv");
        var random = new Random(8);
        string[] stages = ["lead", "nurturing", "needs", "proposal", "closing", "won", "lost"];
        using var text = new StreamWriter(path, false, new UTF8Encoding(false));
        text.Write("external_id,name,account,channel,owner,amount,created_at,stage,stage_date\n");
        var start = new DateOnly(2024, 1, 1);
        for (var i = 1; i <= rows; i++)
        {
            var created = start.AddDays(random.Next(500));
            text.Write(string.Create(CultureInfo.InvariantCulture,
                $"K-{i},Deal {i},Account {random.Next(5000)},Channel {random.Next(6)},Rep {random.Next(30)},{random.Next(1_000_000)}.{random.Next(100):00},"
                + $"{created:yyyy-MM-dd},{stages[random.Next(stages.Length)]},{created.AddDays(random.Next(60)):yyyy-MM-dd}\n"));
        }
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
