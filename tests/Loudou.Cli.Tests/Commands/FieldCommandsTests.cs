using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Loudou.Testing;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Cli.Tests.Commands;

public sealed class FieldCommandsTests : IDisposable
{
    private static readonly string Example = Path.Combine(RepositoryRoot.Path, "docs", "examples", "fields", "deal-fields.json");

    private readonly string _directory = Directory.CreateTempSubdirectory("loudou-cli-fields-").FullName;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_documented_example_applies_and_lists_as_a_file_that_applies_back_unchanged(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var db = CliRun.Db(database);

        var apply = await CliRun.RunAsync("fields", "apply", Example, "--db", db);
        var json = await CliRun.RunAsync("fields", "list", "--db", db, "--format", "json");
        var again = await CliRun.RunAsync("fields", "apply", Write("listed.json", json.Output), "--db", db);
        var csv = await CliRun.RunAsync("fields", "list", "--db", db, "--format", "csv");
        var table = await CliRun.RunAsync("fields", "list", "--db", db);

        Assert.Equal((0, ""), (apply.ExitCode, apply.Error));
        Assert.Equal("Applied 6 field(s): 6 created, 0 changed, 0 removed, the rest already as the file says.\n", apply.Output.ReplaceLineEndings("\n"));
        Assert.Contains("\"type\": \"multiChoice\"", json.Output, StringComparison.Ordinal);
        Assert.Equal("Applied 6 field(s): 0 created, 0 changed, 0 removed, the rest already as the file says.\n", again.Output.ReplaceLineEndings("\n"));
        var lines = csv.Output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal("key,entity,type,name_zh,name_en,options,values", lines[0].TrimStart('\uFEFF'));
        Assert.Equal("segment,deals,choice,客户类型,Segment,smb; mid-market; enterprise; public,0", lines[3]);
        Assert.Equal(7, lines.Length);
        Assert.Contains("decision_date", table.Output, StringComparison.Ordinal);
        Assert.Equal("", csv.Error);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_type_change_that_would_break_values_is_refused_with_their_count_and_changes_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var db = CliRun.Db(database);
        await CliRun.RunAsync("fields", "apply", Example, "--db", db);
        var deals = Write("deals.csv", "external_id,name,stage,custom.pain_point\nP-1,Acme,lead,slow quotes\nP-2,Beta,lead,42\nP-3,Gamma,lead,\n");
        var import = await CliRun.RunAsync("import", "deals", deals, "--db", db);
        var file = Write("number.json", """{ "fields": [ { "key": "pain_point", "name": "Pain point", "type": "number" } ] }""");

        var dryRun = await CliRun.RunAsync("fields", "apply", file, "--db", db, "--dry-run");
        var apply = await CliRun.RunAsync("fields", "apply", file, "--db", db);

        Assert.Equal(0, import.ExitCode);
        Assert.Equal((1, dryRun.Error), (apply.ExitCode, apply.Error));
        Assert.Contains("number.json: $.fields[0].type: changing 'pain_point' from text to number would break 1 of its 2 values, which do not fit (such as 'slow quotes')", apply.Error, StringComparison.Ordinal);
        Assert.Contains("number.json: 1 error(s); nothing was changed.", apply.Error, StringComparison.Ordinal);
        Assert.True(apply.HasNoTrace);
        await using var context = database.NewContext();
        Assert.Equal("Text", (await context.CustomFields.SingleAsync(f => f.Key == "pain_point")).Type.ToString());
    }

    [Fact]
    public async Task A_malformed_file_is_refused_before_any_database_is_opened()
    {
        var path = Path.Combine(_directory, "never.db");

        var run = await CliRun.RunAsync("fields", "apply", Write("bad.json", """{ "fields": [ { "key": "size", "name": "Size", "type": "choice" } ] }"""), "--db", "sqlite:" + path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("bad.json: $.fields[0].options: is required for a choice field", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task An_export_carries_custom_key_columns_that_the_generic_preset_reads_back()
    {
        await using var source = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var target = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        foreach (var database in new[] { source, target })
        {
            Assert.Equal(0, (await CliRun.RunAsync("fields", "apply", Example, "--db", CliRun.Db(database))).ExitCode);
        }
        var input = Write("in.csv", "external_id,name,stage,custom.budget,custom.competitors,custom.tender\nX-1,Acme,lead,\"1,500\",\"multinational, local\",yes\nX-2,Beta,lead,,,\n");
        var file = Path.Combine(_directory, "out.csv");

        await CliRun.RunAsync("import", "deals", input, "--db", CliRun.Db(source));
        var export = await CliRun.RunAsync("export", "deals", "--out", file, "--where", "custom.tender=true", "--db", CliRun.Db(source));
        var back = await CliRun.RunAsync("import", "deals", file, "--db", CliRun.Db(target));

        Assert.Equal((0, 0), (export.ExitCode, back.ExitCode));
        var lines = File.ReadAllLines(file);
        Assert.EndsWith(",custom.budget,custom.decision_date,custom.segment,custom.competitors,custom.tender,custom.pain_point", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(",1500,,,\"local, multinational\",true,", lines[1], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length);
        Assert.Contains("1 rows, 1 created", back.Output, StringComparison.Ordinal);
        await using var db = target.NewContext();
        Assert.Equal(["1500", "local, multinational", "true"], (await db.CustomFieldValues.Select(v => v.Value).ToListAsync()).Order(StringComparer.Ordinal));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
