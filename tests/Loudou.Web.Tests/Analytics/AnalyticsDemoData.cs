using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Loudou.Cli;
using Loudou.Core.Demo;
using Loudou.Storage;
using Loudou.Storage.Access;
using Loudou.Storage.Demo;
using Loudou.Storage.Tests.Infrastructure;

namespace Loudou.Web.Tests.Analytics;

/// <summary>What the analytics API tests share: a demo database as of one day, a caller's client, and the CLI run in-process on the same file.</summary>
internal static class AnalyticsDemoData
{
    public static readonly DateOnly DemoDay = new(2026, 11, 30);

    public static async Task<TestDatabase> DemoDatabaseAsync(int deals)
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = database.NewContext();
        await DemoWorkspace.CreateAsync(db, new DemoOptions(deals, DemoOptions.DefaultSeed, DemoDay));
        return database;
    }

    public static async Task<HttpClient> ClientAsync(LoudouWebFactory web, TestDatabase database, string login)
    {
        await using var db = database.NewContext();
        var token = (await new ApiTokens(db, TimeProvider.System).CreateAsync(login, 1)).Token;
        var client = web.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<JsonNode?> CliJsonAsync(TestDatabase database, string[] arguments)
    {
        var (code, output, error) = await CliAsync(database, [.. arguments, "--format", "json"]);
        Assert.True(code == 0, error);
        return JsonNode.Parse(output);
    }

    public static async Task<(int Code, string Output, string Error)> CliAsync(TestDatabase database, string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await LoudouCli.RunAsync([.. arguments, "--db", "sqlite:" + database.Target.SqlitePath], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
