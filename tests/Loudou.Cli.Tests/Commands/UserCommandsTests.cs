using System.Text.Json;
using Loudou.Core.Demo;
using Loudou.Storage;
using Loudou.Storage.Access;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Cli.Tests.Commands;

public class UserCommandsTests
{
    [Fact]
    public async Task Users_are_added_listed_as_json_with_the_demo_users_and_disabled()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var db = "sqlite:" + database.Target.SqlitePath;
        await CliRun.RunAsync("demo", "--deals", "50", "--as-of", "2026-06-30", "--db", db);

        var add = await CliRun.RunAsync("user", "add", "li.lei", "--role", "manager", "--team", "华西团队 West", "--display-name", "李雷", "--password", "correct-horse", "--db", db);
        var duplicate = await CliRun.RunAsync("user", "add", "LI.LEI", "--role", "rep", "--db", db);
        var disable = await CliRun.RunAsync("user", "disable", "zhang.wei", "--db", db);
        var list = await CliRun.RunAsync("user", "list", "--format", "json", "--db", db);

        Assert.Equal(0, add.ExitCode);
        Assert.Contains("already exists", duplicate.Error);
        Assert.Equal(0, disable.ExitCode);
        using var json = JsonDocument.Parse(list.Output);
        var users = json.RootElement.EnumerateArray().ToDictionary(u => u.GetProperty("login").GetString()!);
        Assert.Equal(DemoCast.Users.Count + 1, users.Count);
        var lilei = users["li.lei"];
        Assert.Equal(("李雷", "manager", "华西团队 West", true), (lilei.GetProperty("displayName").GetString(), lilei.GetProperty("role").GetString(), lilei.GetProperty("team").GetString(), lilei.GetProperty("active").GetBoolean()));
        Assert.False(users["zhang.wei"].GetProperty("active").GetBoolean());
        Assert.Equal("admin", users["admin"].GetProperty("role").GetString());
        await using var context = database.NewContext();
        var stored = await context.Users.SingleAsync(u => u.LoginName == "li.lei");
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<Core.Workspace.User>().VerifyHashedPassword(stored, stored.PasswordHash!, "correct-horse"));
    }

    [Theory]
    [InlineData("--password", "short", "--password must have at least 8 characters")]
    [InlineData("--team", "", "")]
    public async Task A_weak_password_is_refused_and_nothing_is_added(string option, string value, string expected)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var db = "sqlite:" + database.Target.SqlitePath;

        var run = await CliRun.RunAsync("user", "add", "han.mei", "--role", "rep", option, value, "--db", db);

        await using var context = database.NewContext();
        if (expected.Length > 0)
        {
            Assert.Equal(LoudouCli.UserError, run.ExitCode);
            Assert.Contains(expected, run.Error);
            Assert.Equal(0, await context.Users.CountAsync());
        }
        else
        {
            Assert.Equal(0, run.ExitCode);
            Assert.Null((await context.Users.SingleAsync()).TeamId);
        }
    }

    [Fact]
    public async Task A_token_is_printed_alone_on_the_last_line_stored_only_as_a_hash_and_revocable()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var db = "sqlite:" + database.Target.SqlitePath;
        await CliRun.RunAsync("user", "add", "bot", "--role", "admin", "--db", db);

        var create = await CliRun.RunAsync("token", "create", "--user", "bot", "--expires", "7", "--db", db);
        var token = create.Output.TrimEnd().Split('\n')[^1];
        var revoke = await CliRun.RunAsync("token", "revoke", token, "--db", db);
        var unknown = await CliRun.RunAsync("token", "revoke", "ldu_nope", "--db", db);
        var badExpiry = await CliRun.RunAsync("token", "create", "--user", "bot", "--expires", "0", "--db", db);

        Assert.Equal(0, create.ExitCode);
        Assert.StartsWith(ApiTokens.Prefix, token);
        Assert.Equal(47, token.Length);
        await using var context = database.NewContext();
        var record = await context.ApiTokens.SingleAsync();
        Assert.Equal(ApiTokens.Hash(token), record.TokenHash);
        var stored = await context.Database.SqlQueryRaw<string>(
            "SELECT coalesce(name, '') || '|' || token_hash AS \"Value\" FROM api_tokens").ToListAsync();
        Assert.DoesNotContain(stored, row => row.Contains(token, StringComparison.Ordinal));
        Assert.InRange((record.ExpiresAt!.Value - record.CreatedAt).TotalDays, 6.99, 7.01);
        Assert.Equal(0, revoke.ExitCode);
        Assert.NotNull(record.RevokedAt);
        Assert.Contains("no such token", unknown.Error);
        Assert.Equal("error: --expires must be between 1 and 3650 days, was 0.", badExpiry.Error.Trim());
    }

    [Fact]
    public async Task A_token_lasts_the_default_ninety_days_unless_told_otherwise_and_no_expiry_is_explicit()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var db = "sqlite:" + database.Target.SqlitePath;
        await CliRun.RunAsync("user", "add", "bot", "--role", "rep", "--db", db);

        var byDefault = await CliRun.RunAsync("token", "create", "--user", "bot", "--db", db);
        var never = await CliRun.RunAsync("token", "create", "--user", "bot", "--no-expiry", "--db", db);
        var both = await CliRun.RunAsync("token", "create", "--user", "bot", "--no-expiry", "--expires", "5", "--db", db);

        await using var context = database.NewContext();
        var records = await context.ApiTokens.OrderBy(t => t.Id).ToListAsync();
        Assert.Equal([0, 0, 1], new[] { byDefault.ExitCode, never.ExitCode, both.ExitCode });
        Assert.Equal(2, records.Count);
        Assert.InRange((records[0].ExpiresAt!.Value - records[0].CreatedAt).TotalDays, ApiTokens.DefaultExpiryDays - 0.01, ApiTokens.DefaultExpiryDays + 0.01);
        Assert.Null(records[1].ExpiresAt);
        Assert.Contains("--expires and --no-expiry together", both.Error);
    }

    [Fact]
    public async Task A_new_password_lifts_a_lockout_and_a_disabled_user_can_be_enabled_again()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var db = "sqlite:" + database.Target.SqlitePath;
        await CliRun.RunAsync("user", "add", "lin.tao", "--role", "rep", "--password", "first-password", "--db", db);
        await using (var context = database.NewContext())
        {
            var locked = await context.Users.SingleAsync(u => u.LoginName == "lin.tao");
            locked.LockOutUntil(DateTimeOffset.UtcNow.AddHours(1));
            locked.RecordFailedSignIn();
            await context.SaveChangesAsync();
        }

        var set = await CliRun.RunAsync("user", "password", "lin.tao", "--password", "second-password", "--db", db);
        var generated = await CliRun.RunAsync("user", "password", "LIN.TAO", "--db", db);
        var tooShort = await CliRun.RunAsync("user", "password", "lin.tao", "--password", "short", "--db", db);
        var disable = await CliRun.RunAsync("user", "disable", "lin.tao", "--db", db);
        var enable = await CliRun.RunAsync("user", "enable", "lin.tao", "--db", db);

        Assert.Equal(0, set.ExitCode);
        Assert.Equal(LoudouCli.UserError, tooShort.ExitCode);
        Assert.Equal((0, 0), (disable.ExitCode, enable.ExitCode));
        var secret = generated.Output.Trim().Split(' ')[^1];
        await using var check = database.NewContext();
        var stored = await check.Users.SingleAsync(u => u.LoginName == "lin.tao");
        Assert.Equal((null, 0, true), (stored.LockoutEnd, stored.AccessFailedCount, stored.IsActive));
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<Core.Workspace.User>().VerifyHashedPassword(stored, stored.PasswordHash!, secret));
    }
}
