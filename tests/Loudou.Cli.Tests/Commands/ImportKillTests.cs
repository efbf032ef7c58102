using System.Diagnostics;
using System.Globalization;
using System.Text;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Cli.Tests.Commands;

/// <summary>An import killed with SIGKILL in the middle of its bulk write, then run again.</summary>
/// <remarks>
/// 100,000 rows rather than the million, so that CI stays within minutes on a shared
/// two-core machine; the write is one transaction whatever the size, so the size does not change
/// what is tested. bench/import.sh runs the million.
/// </remarks>
public sealed class ImportKillTests : IDisposable
{
    private const int Rows = 100_000;

    private readonly string _directory = Directory.CreateTempSubdirectory("loudou-kill-").FullName;

    [Fact]
    public async Task A_kill_9_during_a_large_import_and_a_rerun_leave_exactly_the_files_rows()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var file = WriteDeals(Rows);
        var db = "sqlite:" + database.Target.SqlitePath;
        using (var process = Start(file, db))
        {
            // With stderr not a terminal, the import names each step on a line of its own.
            while (await process.StandardError.ReadLineAsync() is { } line && !line.StartsWith("writing deals", StringComparison.Ordinal))
            {
            }
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.False(process.HasExited, "the import ended before it could be killed");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        await using (var context = database.NewContext())
        {
            Assert.Equal(0, await context.Deals.CountAsync());
        }

        var rerun = await CliRun.RunAsync("import", "deals", file, "--db", db);

        Assert.Equal(0, rerun.ExitCode);
        Assert.Contains($"{Rows:N0} rows, {Rows:N0} created", rerun.Output);
        await using var check = database.NewContext();
        Assert.Equal(Rows, await check.Deals.CountAsync());
        Assert.Equal(Rows, await check.Deals.Select(d => d.ExternalId).Distinct().CountAsync());
        Assert.Equal(Rows, await check.Deals.Where(d => check.StageTransitions.Any(t => t.DealId == d.Id)).CountAsync());
    }

    private static Process Start(string file, string db) => Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "loudou.dll"), "import", "deals", file, "--db", db]) { RedirectStandardError = true })!;

    private string WriteDeals(int rows)
    {
        var path = Path.Combine(_directory, "deals.csv");
        var random = new Random(8);
        string[] stages = ["lead", "nurturing", "needs", "proposal", "closing", "won", "lost"];
        var text = new StringBuilder("external_id,name,account,channel,owner,amount,created_at,stage,stage_date\n");
        var start = new DateOnly(2024, 1, 1);
        for (var i = 1; i <= rows; i++)
        {
            var created = start.AddDays(random.Next(500));
            text.Append(CultureInfo.InvariantCulture, $"K-{i},Deal {i},Account {random.Next(5000)},Channel {random.Next(6)},Rep {random.Next(30)},{random.Next(1_000_000)}.{random.Next(100):00},")
                .Append(CultureInfo.InvariantCulture, $"{created:yyyy-MM-dd},{stages[random.Next(stages.Length)]},{created.AddDays(random.Next(60)):yyyy-MM-dd}\n");
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
