using System.Diagnostics;
using Loudou.Storage;
using Loudou.Storage.Access;
using Loudou.Storage.Tests.Infrastructure;
using Loudou.Testing;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Tests.Api;

/// <summary>
/// A C# client generated with Kiota (the pinned dotnet tool) from the document a real host serves,
/// compiled without hand edits, lists deals, reads one and moves its stage with a token and If-Match.
/// </summary>
/// <remarks>
/// The program that uses the client is GeneratedClient/ClientProgram.cs; it is built in a folder of
/// its own, outside the repository's build settings, as a customer's project would be.
/// </remarks>
public class GeneratedClientTests
{
    [Fact]
    public async Task A_client_generated_from_the_served_document_lists_reads_and_moves_a_deal_with_if_match()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var world = await AccessWorld.CreateAsync(database);
        string token;
        int stageBefore;
        await using (var db = database.NewContext())
        {
            token = (await new ApiTokens(db, TimeProvider.System).CreateAsync("max", 1)).Token;
            stageBefore = await StageOfAsync(db, world.Deals["N1"]);
        }
        var folder = Directory.CreateTempSubdirectory("loudou-client-");
        using var host = HostProcess.Start(database.Target, "--urls", "http://127.0.0.1:0");
        try
        {
            var address = await HostProcess.WaitForAddressAsync(host);
            using (var http = new HttpClient { BaseAddress = new Uri(address) })
            {
                await File.WriteAllTextAsync(Path.Combine(folder.FullName, "openapi.json"), await http.GetStringAsync("/openapi/v1.json"));
            }
            var source = Path.Combine(RepositoryRoot.Path, "tests", "Loudou.Web.Tests", "GeneratedClient");
            File.Copy(Path.Combine(source, "GeneratedClient.csproj.xml"), Path.Combine(folder.FullName, "GeneratedClient.csproj"));
            File.Copy(Path.Combine(source, "ClientProgram.cs"), Path.Combine(folder.FullName, "ClientProgram.cs"));

            var generate = await RunAsync(RepositoryRoot.Path, "tool", "run", "kiota", "generate", "--language", "CSharp",
                "--openapi", Path.Combine(folder.FullName, "openapi.json"), "--output", Path.Combine(folder.FullName, "Client"),
                "--class-name", "LoudouClient", "--namespace-name", "Loudou.Client", "--exclude-backward-compatible", "--log-level", "Warning");
            Assert.True(generate.ExitCode == 0, "kiota generate failed:\n" + generate.Output);
            var build = await RunAsync(folder.FullName, "build", "-nologo", "-v", "q", "-o", Path.Combine(folder.FullName, "out"));
            Assert.True(build.ExitCode == 0, "the generated client does not compile:\n" + build.Output);

            var run = await RunAsync(folder.FullName, Path.Combine(folder.FullName, "out", "GeneratedClient.dll"), address, token, "N1");

            Assert.True(run.ExitCode == 0, "the client program failed:\n" + run.Output);
            Assert.Contains("listed 4 of 4", run.Output, StringComparison.Ordinal);
            Assert.Contains("stale If-Match refused: 409", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            await HostProcess.StopAsync(host);
            folder.Delete(recursive: true);
        }
        await using (var db = database.NewContext())
        {
            Assert.NotEqual(stageBefore, await StageOfAsync(db, world.Deals["N1"]));
            var audit = await db.AuditEntries.AsNoTracking().Where(a => a.EntityId == world.Deals["N1"].ToString(System.Globalization.CultureInfo.InvariantCulture)).ToListAsync();
            Assert.Contains(audit, a => a.Reason == "Checked with the customer by phone.");
        }
    }

    private static Task<int> StageOfAsync(LoudouDbContext db, long deal) =>
        db.Deals.AsNoTracking().Where(d => d.Id == deal).Select(d => d.StageId).SingleAsync();

    private static async Task<(int ExitCode, string Output)> RunAsync(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Kiota looks for a newer version of itself on GitHub; the machine may be offline.
        start.Environment["KIOTA_OFFLINE_ENABLED"] = "true";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
