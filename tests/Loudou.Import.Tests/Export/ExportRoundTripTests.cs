using System.IO.Compression;
using Loudou.Core.Catalog;
using Loudou.Core.Demo;
using Loudou.Core.Import;
using Loudou.Core.Pipelines;
using Loudou.Import.Export;
using Loudou.Import.Tests.Infrastructure;
using Loudou.Storage;
using Loudou.Storage.Catalog;
using Loudou.Storage.Demo;
using Loudou.Storage.Tests.Infrastructure;
using Loudou.Testing;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Tests.Export;

/// <summary>Export, import into an empty workspace, export again: the files must be the same, for every kind and both formats.</summary>
public sealed class ExportRoundTripTests : IDisposable
{
    /// <summary>The kinds the generic preset reads, in the order a whole workspace is imported.</summary>
    private static readonly (ExportKind Export, ImportEntity Import)[] Kinds =
    [
        (ExportKind.Accounts, ImportEntity.Accounts),
        (ExportKind.Contacts, ImportEntity.Contacts),
        (ExportKind.Deals, ImportEntity.Deals),
        (ExportKind.History, ImportEntity.History),
        (ExportKind.Activities, ImportEntity.Activities),
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("loudou-export-").FullName;

    public static TheoryData<DatabaseProvider, string, string> DemoCases => new()
    {
        { DatabaseProvider.Sqlite, "csv", "en" },
        { DatabaseProvider.Sqlite, "xlsx", "zh-CN" },
        { DatabaseProvider.Postgres, "csv", "zh-CN" },
        { DatabaseProvider.Postgres, "xlsx", "en" },
    };

    [Theory]
    [MemberData(nameof(DemoCases))]
    public async Task Every_kind_of_the_demo_workspace_round_trips_through_the_generic_preset(DatabaseProvider provider, string format, string language)
    {
        await using var source = await TestDatabase.CreateAsync(provider);
        await using (var db = source.NewContext())
        {
            await DemoWorkspace.CreateAsync(db, new DemoOptions(200, 7, new DateOnly(2026, 11, 25)));
        }

        await AssertRoundTripAsync(source, provider, format, language, "default");
    }

    [DataSetTheory("maven-crm")]
    [InlineData("csv", "en")]
    [InlineData("xlsx", "zh-CN")]
    public async Task Every_kind_of_the_maven_import_round_trips_with_formula_looking_values_kept(string format, string language)
    {
        await using var source = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        string[] maven = ["sales_pipeline.csv", "accounts.csv", "products.csv", "sales_teams.csv"];
        var imported = await ImportRun.RunAsync(source, ImportEntity.Deals, "maven-crm", [.. maven.Select(f => Path.Combine(DataSets.Path("maven-crm"), f))]);
        Assert.True(imported.Written);
        await AddFormulaLookingRecordsAsync(source, "maven-crm", "prospecting");

        var files = await AssertRoundTripAsync(source, DatabaseProvider.Sqlite, format, language, "maven-crm");

        if (format == "csv")
        {
            var deals = await File.ReadAllTextAsync(files[ExportKind.Deals]);
            Assert.Contains(",'=SUM(A1),", deals);
            Assert.Contains("'@risk", deals);
            Assert.Contains(",'+86 138 0000 0000,", await File.ReadAllTextAsync(files[ExportKind.Contacts]));
            Assert.Contains(",'''=already quoted,", deals);
            Assert.Contains(",-12.5,", await File.ReadAllTextAsync(files[ExportKind.Contacts]));
        }
        else
        {
            AssertNoFormulas(files[ExportKind.Deals]);
            AssertNoFormulas(files[ExportKind.Contacts]);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "csv", "zh-CN")]
    [InlineData(DatabaseProvider.Postgres, "xlsx", "en")]
    public async Task Custom_values_of_every_type_round_trip_as_custom_key_columns(DatabaseProvider provider, string format, string language)
    {
        await using var source = await TestDatabase.CreateAsync(provider);
        const string Fields = """
            { "fields": [
              { "key": "budget", "name": "Budget", "type": "number" }, { "key": "kickoff", "name": "Kickoff", "type": "date" },
              { "key": "tender", "name": "Tender", "type": "boolean" }, { "key": "segment", "name": "Segment", "type": "choice", "options": ["smb", "enterprise"] },
              { "key": "regions", "name": "Regions", "type": "multiChoice", "options": ["north", "south", "east"] }, { "key": "note", "name": "Note", "type": "text" }
            ] }
            """;
        await ApplyFieldsAsync(source, Fields);
        var deals = Write("custom.csv", "external_id,name,stage,custom.budget,custom.kickoff,custom.tender,custom.segment,custom.regions,custom.note\n"
            + "CF-1,Acme,lead,1200000.50,2026-12-31,yes,enterprise,\"east, north\",'=not a formula\n"
            + "CF-2,Beta,lead,-0.25,,no,smb,south,\"line, with comma\"\n"
            + "CF-3,Gamma,lead,,,,,,\n");
        var imported = await ImportRun.RunAsync(source, ImportEntity.Deals, "generic", [deals]);
        Assert.True(imported.Written, string.Join("\n", imported.Issues));

        var first = Path.Combine(_directory, $"first.{format}");
        await using (var db = source.NewContext())
        {
            ExportFile.Write(first, format, await new WorkspaceExport(db).TableAsync(ExportKind.Deals), language, "deals");
        }
        await using var target = await TestDatabase.CreateAsync(provider);
        await ApplyFieldsAsync(target, Fields);
        var back = await ImportRun.RunAsync(target, ImportEntity.Deals, "generic", [first]);
        var second = Path.Combine(_directory, $"second.{format}");
        await using (var db = target.NewContext())
        {
            ExportFile.Write(second, format, await new WorkspaceExport(db).TableAsync(ExportKind.Deals), language, "deals");
        }

        Assert.True(back.Written, string.Join("\n", back.Issues));
        Assert.Equal(Cells(first), Cells(second));
        Assert.EndsWith("custom.budget\u001Fcustom.kickoff\u001Fcustom.tender\u001Fcustom.segment\u001Fcustom.regions\u001Fcustom.note", string.Join("\u001F", Header(first)));
        await using var check = target.NewContext();
        Assert.Equal(["-0.25", "1200000.5", "2026-12-31", "=not a formula", "enterprise", "false", "line, with comma", "north, east", "smb", "south", "true"],
            (await check.CustomFieldValues.Select(v => v.Value).ToListAsync()).Order(StringComparer.Ordinal));
    }

    private static async Task ApplyFieldsAsync(TestDatabase database, string json)
    {
        await using var db = database.NewContext();
        Assert.Empty((await new CustomFieldStore(db).ApplyAsync(CustomFieldsFile.Parse(json).Document!)).Errors);
    }

    /// <summary>The header cells of an exported file.</summary>
    private static IEnumerable<string> Header(string path) => path.EndsWith(".csv", StringComparison.Ordinal)
        ? File.ReadAllLines(path)[0].TrimStart('\uFEFF').Split(',')
        : MiniExcelLibs.MiniExcel.Query(path, useHeaderRow: false).Cast<IDictionary<string, object?>>().First().Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "");

    [Fact]
    public async Task A_header_in_chinese_is_read_by_the_generic_preset_and_bom_marks_the_csv()
    {
        await using var source = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await AddFormulaLookingRecordsAsync(source, "default", "lead");
        var path = Path.Combine(_directory, "商机.csv");
        await using (var db = source.NewContext())
        {
            ExportFile.Write(path, "csv", await new WorkspaceExport(db).TableAsync(ExportKind.Deals), "zh-CN", "deals");
        }

        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.StartsWith("外部编号,名称,管道,阶段,客户,渠道,负责人,金额", File.ReadAllLines(path)[0].TrimStart('\uFEFF'));
        await using var target = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var result = await ImportRun.RunAsync(target, ImportEntity.Deals, "generic", [path]);
        Assert.True(result.Written, string.Join("\n", result.Issues));
        await using var check = target.NewContext();
        Assert.Equal(["''=already quoted", "=SUM(A1)"], await check.Deals.OrderBy(d => d.Name).Select(d => d.Name).ToListAsync());
    }

    /// <summary>The pipeline column of an export puts each deal back into its pipeline, with no --pipeline (issue 28).</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deals_of_two_pipelines_re_import_into_the_pipelines_they_came_from(DatabaseProvider provider)
    {
        await using var source = await TestDatabase.CreateAsync(provider);
        await AddTemplateAsync(source, "b2b-software");
        var defaults = Write("default.csv", "external_id,name,stage,amount,created_at\nP-1,One,lead,100,2024-05-03\nP-2,Two,proposal,200,2024-05-04\n");
        var b2b = Write("b2b.csv", "external_id,name,stage,amount,created_at\nP-3,Three,discovery,300,2024-05-05\nP-4,Four,demo,400,2024-05-06\n");
        Assert.True((await ImportRun.RunAsync(source, ImportEntity.Deals, "generic", [defaults])).Written);
        Assert.True((await ImportRun.RunAsync(source, ImportEntity.Deals, "generic", [b2b], r => r with { Pipeline = "b2b-software" })).Written);
        var first = Path.Combine(_directory, "first.csv");
        await using (var db = source.NewContext())
        {
            ExportFile.Write(first, "csv", await new WorkspaceExport(db).TableAsync(ExportKind.Deals), "en", "deals");
        }
        await using var target = await TestDatabase.CreateAsync(provider);
        await AddTemplateAsync(target, "b2b-software");

        var back = await ImportRun.RunAsync(target, ImportEntity.Deals, "generic", [first]);

        Assert.True(back.Written, string.Join("\n", back.Issues));
        Assert.Empty(back.Issues);
        Assert.Equal((4L, 4L), (back.Rows, back.Created));
        var second = Path.Combine(_directory, "second.csv");
        await using (var db = target.NewContext())
        {
            ExportFile.Write(second, "csv", await new WorkspaceExport(db).TableAsync(ExportKind.Deals), "en", "deals");
            var pipelines = await db.Pipelines.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Key);
            var placed = await db.Deals.AsNoTracking().OrderBy(d => d.ExternalId).Select(d => new { d.ExternalId, d.PipelineId }).ToListAsync();
            Assert.Equal(["default", "default", "b2b-software", "b2b-software"], placed.Select(d => pipelines[d.PipelineId]));
        }
        Assert.Contains("pipeline", Header(first));
        Assert.Equal(Cells(first), Cells(second));
    }

    private static async Task AddTemplateAsync(TestDatabase database, string key)
    {
        await using var db = database.NewContext();
        db.Pipelines.Add(Pipeline.Create(BuiltinPipelines.Template(key)!));
        await db.SaveChangesAsync();
    }

    /// <summary>Exports every kind from the source, imports the files into a new workspace, exports that, and compares the cells.</summary>
    private async Task<Dictionary<ExportKind, string>> AssertRoundTripAsync(TestDatabase source, DatabaseProvider provider, string format, string language, string pipeline)
    {
        var first = await ExportAllAsync(source, "first", format, language);
        await using var target = await TestDatabase.CreateAsync(provider);
        await CopyPipelineAsync(source, target, pipeline);
        foreach (var (export, import) in Kinds)
        {
            var result = await ImportRun.RunAsync(target, import, "generic", [first[export]], r => r with { Pipeline = pipeline });
            Assert.True(result.Written || result.Rows == 0, $"{export}: " + string.Join("\n", result.Issues.Take(5)));
            Assert.Empty(result.Issues);
        }
        var second = await ExportAllAsync(target, "second", format, language);
        foreach (var (export, _) in Kinds)
        {
            var expected = Cells(first[export]);
            Assert.True(expected.Count > 1 || export == ExportKind.Contacts, $"{export} is empty");
            Assert.Equal(expected, Cells(second[export]));
        }
        return first;
    }

    private async Task<Dictionary<ExportKind, string>> ExportAllAsync(TestDatabase database, string name, string format, string language)
    {
        var files = new Dictionary<ExportKind, string>();
        await using var db = database.NewContext();
        foreach (var (kind, _) in Kinds)
        {
            var path = Path.Combine(_directory, $"{name}-{kind}.{format}");
            ExportFile.Write(path, format, await new WorkspaceExport(db).TableAsync(kind), language, kind.ToString());
            files[kind] = path;
        }
        return files;
    }

    /// <summary>Every cell of a file as text, header included; for CSV the raw lines, so escaping must match too.</summary>
    private static List<string> Cells(string path) => path.EndsWith(".csv", StringComparison.Ordinal)
        ? [.. File.ReadAllLines(path)]
        : [.. MiniExcelLibs.MiniExcel.Query(path, useHeaderRow: false).Cast<IDictionary<string, object?>>().Select(r => string.Join("\u001F", r.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))))];

    private static void AssertNoFormulas(string xlsx)
    {
        using var zip = ZipFile.OpenRead(xlsx);
        using var reader = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        var sheet = reader.ReadToEnd();
        Assert.DoesNotContain("<x:f", sheet, StringComparison.Ordinal);
        Assert.DoesNotContain("<f>", sheet, StringComparison.Ordinal);
        Assert.True(sheet.Contains("=SUM(A1)", StringComparison.Ordinal) || sheet.Contains("+86 138 0000 0000", StringComparison.Ordinal));
    }

    /// <summary>A deal, account, contact and activity whose text a spreadsheet would take for formulas, imported through the generic preset.</summary>
    private async Task AddFormulaLookingRecordsAsync(TestDatabase database, string pipeline, string stage)
    {
        var accounts = Write("accounts.csv", "external_id,name,industry\nAC-1,@risk,-tech\n");
        var contacts = Write("contacts.csv", "external_id,name,account,phone,title\nCT-1,Wang,AC-1,'+86 138 0000 0000,-12.5\n");
        var deals = Write("deals.csv", $"external_id,name,stage,account,amount,created_at\nFX-1,'=SUM(A1),{stage},@risk,100,2024-05-03\nFX-2,'''=already quoted,{stage},,,\n");
        Assert.True((await ImportRun.RunAsync(database, ImportEntity.Accounts, "generic", [accounts])).Written);
        Assert.True((await ImportRun.RunAsync(database, ImportEntity.Contacts, "generic", [contacts])).Written);
        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [deals], r => r with { Pipeline = pipeline });
        Assert.True(result.Written, string.Join("\n", result.Issues));
        var activities = Write("activities.csv", "external_id,deal_external_id,kind,at,note\nAV-1,FX-1,Call,2024-05-04 10:00,\"=HYPERLINK(\"\"http://x\"\")\"\n");
        Assert.True((await ImportRun.RunAsync(database, ImportEntity.Activities, "generic", [activities])).Written);
        await using var db = database.NewContext();
        Assert.Equal("+86 138 0000 0000", (await db.Contacts.SingleAsync(c => c.ExternalId == "CT-1")).Phone);
    }

    private static async Task CopyPipelineAsync(TestDatabase source, TestDatabase target, string key)
    {
        await using var from = source.NewContext();
        await using var to = target.NewContext();
        if (!await to.Pipelines.AnyAsync(p => p.Key == key))
        {
            var pipeline = await from.Pipelines.AsNoTracking().SingleAsync(p => p.Key == key);
            to.Pipelines.Add(Pipeline.Create(pipeline.ToDefinition(false)));
            await to.SaveChangesAsync();
        }
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
