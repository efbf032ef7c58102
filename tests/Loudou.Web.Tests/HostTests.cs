using System.Net;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Tests;

public class HostTests
{
    [Fact]
    public async Task Health_answers_200_once_a_new_sqlite_file_is_created_with_its_workspace()
    {
        var path = Path.Combine(Path.GetTempPath(), $"loudou-web-{Guid.NewGuid():N}", "loudou.db");
        var target = DatabaseTarget.Sqlite(path);
        try
        {
            await using (var factory = new LoudouWebFactory(target))
            {
                using var client = factory.CreateClient();

                var health = await client.GetAsync("/healthz");

                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
            }
            await using var db = LoudouDatabase.CreateContext(target);
            Assert.Equal("default", (await db.Pipelines.SingleAsync()).Key);
            Assert.Equal(1, await db.WorkspaceSettings.CountAsync());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_home_page_shows_the_default_pipeline_in_both_languages(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new LoudouWebFactory(database.Target);
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync("/");

        Assert.Contains("线索获取 / Lead acquisition", html);
        Assert.Contains("Asia/Shanghai", html);
    }

    [Fact]
    public async Task Migrating_a_server_database_on_start_is_an_opt_in_setting()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, migrated: false);
        await using var factory = new LoudouWebFactory(database.Target, ("Loudou:Database:MigrateOnStartup", "true"));
        using var client = factory.CreateClient();

        var health = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Without_the_demo_setting_the_host_adds_no_deals_and_no_users(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var factory = new LoudouWebFactory(database.Target))
        {
            using var client = factory.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        }

        await using var db = database.NewContext();
        Assert.Equal(0, await db.Deals.CountAsync());
        Assert.Equal(0, await db.Users.CountAsync());
    }

    [Fact]
    public async Task The_demo_setting_fills_an_empty_database_once()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        (string, string)[] settings = [("Loudou:Demo:CreateWhenEmpty", "true"), ("Loudou:Demo:Deals", "400")];
        for (var start = 0; start < 2; start++)
        {
            await using var factory = new LoudouWebFactory(database.Target, settings);
            using var client = factory.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        }

        await using var db = database.NewContext();
        Assert.Equal(400, await db.Deals.CountAsync());
        Assert.Equal(Core.Demo.DemoCast.Users.Count, await db.Users.CountAsync());
    }

    [Theory]
    [InlineData("GET", "/no/such/page", HttpStatusCode.NotFound)]
    [InlineData("POST", "/", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/%ZZ", HttpStatusCode.NotFound)]
    public async Task Bad_requests_get_problem_details_and_never_a_server_error(string method, string path, HttpStatusCode expected)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var factory = new LoudouWebFactory(database.Target);
        using var client = factory.CreateClient();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync());
    }
}
