using System.Text.Json;
using Loudou.Core.Access;
using Loudou.Storage;
using Loudou.Storage.Records;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Cli.Tests.Commands;

/// <summary>Pipeline and user changes made on the command line leave audit entries, as deal changes do.</summary>
public sealed class AuditedCommandsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("loudou-audit-").FullName;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Applying_a_pipeline_audits_its_creation_and_each_change_with_the_file_before_and_after(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var db = CliRun.Db(database);
        var file = Path.Combine(_directory, "simple.json");
        await File.WriteAllTextAsync(file, Pipeline("询价"));
        Assert.Equal(0, (await CliRun.RunAsync("pipeline", "apply", file, "--db", db)).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync("pipeline", "apply", file, "--db", db)).ExitCode);
        await File.WriteAllTextAsync(file, Pipeline("初次询价"));
        Assert.Equal(0, (await CliRun.RunAsync("pipeline", "apply", file, "--db", db)).ExitCode);

        await using var context = database.NewContext();
        var pipelineId = await context.Pipelines.Where(p => p.Key == "simple").Select(p => p.Id).SingleAsync();
        var entries = await context.AuditEntries.Where(e => e.EntityType == AuditEntityTypes.Pipeline).OrderBy(e => e.Id).ToListAsync();
        // The second apply changed nothing and wrote nothing.
        Assert.Equal([AuditAction.Create, AuditAction.Update], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(pipelineId.ToString(System.Globalization.CultureInfo.InvariantCulture), e.EntityId));
        Assert.All(entries, e => Assert.Null(e.UserId));
        Assert.Null(entries[0].Before);
        Assert.Equal("询价", StageName(entries[0].After!));
        Assert.Equal("询价", StageName(entries[1].Before!));
        Assert.Equal("初次询价", StageName(entries[1].After!));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Adding_disabling_enabling_and_setting_a_password_are_audited_without_the_password(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var db = CliRun.Db(database);
        Assert.Equal(0, (await CliRun.RunAsync("user", "add", "li.lei", "--role", "manager", "--team", "West", "--password", "correct-horse", "--db", db)).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync("user", "disable", "li.lei", "--db", db)).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync("user", "enable", "li.lei", "--db", db)).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync("user", "password", "li.lei", "--password", "battery-staple", "--db", db)).ExitCode);
        // A refused change writes nothing.
        Assert.NotEqual(0, (await CliRun.RunAsync("user", "add", "LI.LEI", "--role", "rep", "--db", db)).ExitCode);

        await using var context = database.NewContext();
        var userId = await context.Users.Where(u => u.LoginName == "li.lei").Select(u => u.Id).SingleAsync();
        var entries = await context.AuditEntries.Where(e => e.EntityType == AuditEntityTypes.User).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([AuditAction.Create, AuditAction.Update, AuditAction.Update, AuditAction.Update], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(userId.ToString(System.Globalization.CultureInfo.InvariantCulture), e.EntityId));
        using (var created = JsonDocument.Parse(entries[0].After!))
        {
            Assert.Equal("manager", created.RootElement.GetProperty("role").GetString());
            Assert.True(created.RootElement.GetProperty("active").GetBoolean());
        }
        Assert.Equal("""{"active":true}""", entries[1].Before);
        Assert.Equal("""{"active":false}""", entries[1].After);
        Assert.Equal("""{"active":true}""", entries[2].After);
        Assert.Equal("""{"password":"set"}""", entries[3].After);
        var everything = string.Join("\n", entries.Select(e => e.Before + e.After + e.Reason));
        Assert.DoesNotContain("correct-horse", everything);
        Assert.DoesNotContain("battery-staple", everything);
        Assert.DoesNotContain("AQAAAA", everything);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Pipeline(string firstStage) => $$"""
        {
          "key": "simple",
          "name": { "zh-CN": "简单", "en": "Simple" },
          "stages": [
            { "key": "inquiry", "name": { "zh-CN": "{{firstStage}}", "en": "Inquiry" }, "kind": "open", "probability": 0.1 },
            { "key": "won", "name": { "zh-CN": "赢单", "en": "Won" }, "kind": "won" },
            { "key": "lost", "name": { "zh-CN": "输单", "en": "Lost" }, "kind": "lost" }
          ]
        }
        """;

    private static string StageName(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("stages")[0].GetProperty("name").GetProperty("zh-CN").GetString()!;
    }
}
