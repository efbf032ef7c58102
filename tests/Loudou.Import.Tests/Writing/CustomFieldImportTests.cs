using System.IO.Compression;
using Loudou.Core.Catalog;
using Loudou.Core.Import;
using Loudou.Import.Tests.Infrastructure;
using Loudou.Storage;
using Loudou.Storage.Catalog;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Tests.Writing;

/// <summary>Custom fields in imports: custom.KEY in a mapping, fields a mapping declares, the generic preset's custom.KEY columns, and .csv.gz files.</summary>
public class CustomFieldImportTests
{
    private const string Mapping = """
        {
          "entity": "deals",
          "source": "crm",
          "customFields": [
            { "key": "budget", "name": { "zh-CN": "预算", "en": "Budget" }, "type": "number" },
            { "key": "segment", "name": "Segment", "type": "choice", "options": ["smb", "enterprise"] },
            { "key": "regions", "name": "Regions", "type": "multiChoice", "options": ["north", "south", "east"] },
            { "key": "kickoff", "name": "Kickoff", "type": "date" }
          ],
          "files": [ { "name": "deals", "columns": ["id", "name", "budget", "segment", "regions", "kickoff"] } ],
          "fields": {
            "externalId": "id", "name": "name",
            "custom.budget": "budget", "custom.segment": "segment", "custom.regions": "regions", "custom.kickoff": "kickoff"
          },
          "stage": { "value": "lead", "other": [ { "stage": "$first" } ] }
        }
        """;

    private const string Header = "id,name,budget,segment,regions,kickoff\n";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_mapping_creates_the_fields_it_declares_and_fills_them_and_a_re_import_never_duplicates(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var path = ImportRun.TempFile("deals.csv", Header + "D-1,Acme,3.5万,smb,\"east; north\",2024/5/3\nD-2,Beta,,enterprise,,\n");

        var first = await ImportRun.RunMappingAsync(database, Mapping, [path]);
        var again = await ImportRun.RunMappingAsync(database, Mapping, [path]);
        File.WriteAllText(path, Header + "D-1,Acme,36000,smb,north,2024/5/3\nD-2,Beta,,enterprise,,\n");
        var changed = await ImportRun.RunMappingAsync(database, Mapping, [path]);

        Assert.True(first.Written, string.Join("\n", first.Issues));
        Assert.Equal((2L, 0L, 2L), (first.Created, again.Created, again.Unchanged));
        Assert.Equal((1L, 1L), (changed.Updated, changed.Unchanged));
        await using var db = database.NewContext();
        Assert.Equal(["budget", "segment", "regions", "kickoff"], (await new CustomFieldStore(db).ListAsync()).Select(f => f.Key));
        var values = await new CustomFieldStore(db).ValuesAsync(null, ["budget", "segment", "regions", "kickoff"]);
        var acme = await db.Deals.Where(d => d.ExternalId == "D-1").Select(d => d.Id).SingleAsync();
        Assert.Equal(("36000", "smb", "north", "2024-05-03"), (values["budget"][acme], values["segment"][acme], values["regions"][acme], values["kickoff"][acme]));
        Assert.Equal(5, await db.CustomFieldValues.CountAsync());
    }

    [Fact]
    public async Task A_value_that_does_not_fit_its_type_is_a_row_error_naming_row_and_column_and_nothing_is_written()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var path = ImportRun.TempFile("deals.csv", Header + "D-1,Acme,100,smb,north,2024-05-03\nD-2,Beta,lots,giant,\"north, west\",31/12/2024\n");

        var result = await ImportRun.RunMappingAsync(database, Mapping, [path]);

        Assert.False(result.Written);
        Assert.Equal(
            [("deals.csv", 3L, "budget", "lots"), ("deals.csv", 3L, "segment", "giant"), ("deals.csv", 3L, "regions", "north, west"), ("deals.csv", 3L, "kickoff", "31/12/2024")],
            result.Issues.Select(i => (i.File, i.Row, i.Column, i.Value)).OrderBy(i => Array.IndexOf(["budget", "segment", "regions", "kickoff"], i.Column)));
        Assert.Contains(result.Issues, i => i.Reason.StartsWith("custom.segment must be one of smb, enterprise", StringComparison.Ordinal));
        await using var db = database.NewContext();
        Assert.Equal(0, await db.CustomFields.CountAsync());
    }

    [Fact]
    public async Task A_field_the_workspace_defines_keeps_its_definition_and_a_mapping_naming_no_field_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await ApplyFieldsAsync(database, """{ "fields": [ { "key": "segment", "name": "Segment", "type": "text" } ] }""");
        var path = ImportRun.TempFile("deals.csv", Header + "D-1,Acme,100,anything goes,north,2024-05-03\n");

        var result = await ImportRun.RunMappingAsync(database, Mapping, [path]);
        var unknown = await ImportRun.RunMappingAsync(database, Mapping.Replace("\"custom.kickoff\": \"kickoff\"", "\"custom.nope\": \"kickoff\"", StringComparison.Ordinal), [path]);

        Assert.True(result.Written, string.Join("\n", result.Issues));
        await using var db = database.NewContext();
        Assert.Equal(CustomFieldType.Text, (await db.CustomFields.SingleAsync(f => f.Key == "segment")).Type);
        var segment = await new CustomFieldStore(db).ValuesAsync(null, ["segment"]);
        Assert.Equal(["anything goes"], segment["segment"].Values);
        Assert.False(unknown.Written);
        Assert.StartsWith("$.fields.custom.nope: the workspace has no custom field 'nope'", Assert.Single(unknown.Issues).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_generic_preset_reads_custom_key_columns_from_a_gzipped_file(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ApplyFieldsAsync(database, """{ "fields": [ { "key": "budget", "name": "Budget", "type": "number" }, { "key": "signed", "name": "Signed", "type": "boolean" } ] }""");
        var path = Gzip(ImportRun.TempFile("deals.csv", "external_id,name,stage,custom.budget,custom.signed\nG-1,Acme,lead,\"1,200\",是\nG-2,Beta,lead,,no\n"));

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [path]);

        Assert.True(result.Written, string.Join("\n", result.Issues));
        await using var db = database.NewContext();
        var values = await new CustomFieldStore(db).ValuesAsync(null, ["budget", "signed"]);
        Assert.Equal(["1200"], values["budget"].Values);
        Assert.Equal(["false", "true"], values["signed"].Values.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_custom_column_of_no_field_or_no_key_is_an_error_at_the_header()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var path = ImportRun.TempFile("deals.csv", "external_id,name,stage,custom.budget,custom.Bad Key\nG-1,Acme,lead,1,2\n");

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [path]);

        Assert.False(result.Written);
        Assert.Equal([("deals.csv", 1L, "custom.budget"), ("deals.csv", 1L, "custom.Bad Key")], result.Issues.Select(i => (i.File, i.Row, i.Column)));
        Assert.Contains("no custom field 'budget'", result.Issues[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_named_gz_that_is_not_gzip_is_refused_by_name()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var path = ImportRun.TempFile("deals.csv.gz", "external_id,name,stage\nG-1,Acme,lead\n");

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [path]);

        Assert.Equal(("deals.csv.gz", "is named .gz but is not gzip-compressed; rename it, or compress it with gzip."), (result.Issues.Single().File, result.Issues.Single().Reason));
    }

    /// <summary>Compresses a file with gzip beside it, as name.gz, and returns the new path.</summary>
    internal static string Gzip(string path)
    {
        var gz = path + ".gz";
        using (var input = File.OpenRead(path))
        using (var output = new GZipStream(File.Create(gz), CompressionLevel.Optimal))
        {
            input.CopyTo(output);
        }
        return gz;
    }

    private static async Task ApplyFieldsAsync(TestDatabase database, string json)
    {
        await using var db = database.NewContext();
        var applied = await new CustomFieldStore(db).ApplyAsync(CustomFieldsFile.Parse(json).Document!);
        Assert.Empty(applied.Errors);
    }
}
