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

    [Fact]
    public async Task The_home_page_sends_a_visitor_who_has_not_signed_in_to_the_sign_in_page()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var factory = new LoudouWebFactory(database.Target);
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var home = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/signin?returnUrl=%2F", home.Headers.Location!.PathAndQuery);
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
    [InlineData("POST", "/api/v1/deals/1", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "/api/v1/deals", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/%ZZ", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v1/nothing", HttpStatusCode.NotFound)]
    public async Task Bad_requests_get_problem_details_and_never_a_server_error(string method, string path, HttpStatusCode expected)
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var client = web.ClientFor("root");

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_form_post_to_a_page_without_the_antiforgery_token_is_refused_with_400_and_no_trace()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var client = web.ClientFor("root");

        var response = await client.PostAsync("/", new FormUrlEncodedContent([new("x", "1")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET", "/no/such/page")]
    [InlineData("POST", "/")]
    public async Task A_visitor_who_has_not_signed_in_is_sent_to_sign_in_whatever_the_page(string method, string path)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var factory = new LoudouWebFactory(database.Target);
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin?returnUrl=", response.Headers.Location!.PathAndQuery);
    }
}
