using System.Net;
using System.Text.Json;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Npgsql;

namespace Loudou.Web.Tests.Operations;

/// <summary><c>/healthz</c> and <c>/healthz/ready</c>: anonymous, before any user exists, naming what failed; every answer names its request.</summary>
public class HealthTests
{
    [Fact]
    public async Task Before_setup_both_answer_anonymously_and_ready_lists_its_checks()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var factory = new LoudouWebFactory(database.Target);
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var live = await client.GetAsync("/healthz");
        var ready = await client.GetAsync("/healthz/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(0, body.RootElement.GetProperty("failed").GetArrayLength());
        var checks = body.RootElement.GetProperty("checks");
        Assert.Equal(["analytics", "database", "scheduler"], checks.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(checks.EnumerateObject(), c => Assert.Equal("healthy", c.Value.GetProperty("status").GetString()));
        Assert.Contains("off on this host", checks.GetProperty("scheduler").GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Each answer names its own request, for matching a report with the log.
        var ids = new[] { live, ready }.Select(r => r.Headers.GetValues("X-Request-Id").Single()).ToList();
        Assert.All(ids, id => Assert.False(string.IsNullOrWhiteSpace(id)));
        Assert.NotEqual(ids[0], ids[1]);
    }

    [Fact]
    public async Task Ready_answers_503_naming_the_database_when_it_is_gone()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var factory = new LoudouWebFactory(database.Target);
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/ready")).StatusCode);

        await database.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        var ready = await client.GetAsync("/healthz/ready");
        var live = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, live.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("unhealthy", body.RootElement.GetProperty("status").GetString());
        Assert.Contains("database", body.RootElement.GetProperty("failed").EnumerateArray().Select(f => f.GetString()));
        Assert.DoesNotContain("scheduler", body.RootElement.GetProperty("failed").EnumerateArray().Select(f => f.GetString()));
    }
}
