using System.IO.Compression;
using Loudou.Core.Catalog;
using Loudou.Core.Import;
using Loudou.Import.Tests.Infrastructure;
using Loudou.Storage;
using Loudou.Storage.Catalog;
using Loudou.Storage.Tests.Infrastructure;
using Loudou.Testing;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Tests.Presets;

/// <summary>The bank-marketing preset on the real files (../shared/data/bank-marketing).</summary>
public class BankMarketingPresetTests
{
    private static string File(string name) => Path.Combine(DataSets.Path("bank-marketing"), name);

    [DataSetTheory("bank-marketing")]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_45211_leads_import_with_5289_subscribed_and_a_second_run_changes_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var first = await ImportRun.RunAsync(database, ImportEntity.Deals, "bank-marketing", [File("bank-full.csv")]);
        var once = await ImportRun.SnapshotAsync(database);
        var second = await ImportRun.RunAsync(database, ImportEntity.Deals, "bank-marketing", [File("bank-full.csv")]);

        Assert.Equal((45_211L, 45_211L, 90_422L), (first.Rows, first.Created, first.HistoryAdded));
        Assert.Equal((0L, 45_211L), (second.Created, second.Unchanged));
        Assert.Equal(once, await ImportRun.SnapshotAsync(database));
        await using var db = database.NewContext();
        var byStage = await ImportRun.DealsByStageAsync(db, "bank-marketing");
        Assert.Equal((5289, 39_922), (byStage["subscribed"], byStage["declined"]));
        Assert.Equal(0, await db.Deals.CountAsync(d => d.CreatedAt != null || d.ClosedAt != null));
    }

    [DataSetFact("bank-marketing")]
    public async Task The_external_id_is_the_file_name_and_row_number_so_the_sample_does_not_overwrite_the_full_file()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        await ImportRun.RunAsync(database, ImportEntity.Deals, "bank-marketing", [File("bank.csv")]);
        await ImportRun.RunAsync(database, ImportEntity.Deals, "bank-marketing", [File("bank-additional.csv")]);

        await using var db = database.NewContext();
        Assert.Equal(4521 + 4119, await db.Deals.CountAsync());
        var first = await db.Deals.SingleAsync(d => d.ExternalId == "bank.csv:2");
        Assert.Equal("unemployed 30", first.Name);
        Assert.True(await db.Deals.AnyAsync(d => d.ExternalId == "bank-additional.csv:4120"));
    }

    [DataSetTheory("bank-marketing")]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_gzipped_sample_of_the_newer_file_fills_a_custom_field_per_column_but_duration_and_a_re_import_changes_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var sample = Sample("bank-additional-full.csv.gz", 2000);

        var first = await ImportRun.RunAsync(database, ImportEntity.Deals, "bank-marketing", [sample]);
        var once = await ImportRun.SnapshotAsync(database);
        var second = await ImportRun.RunAsync(database, ImportEntity.Deals, "bank-marketing", [sample]);

        Assert.True(first.Written, string.Join("\n", first.Issues.Take(5)));
        Assert.Equal((2000L, 2000L, 0L, 2000L), (first.Rows, first.Created, second.Created, second.Unchanged));
        Assert.Equal(once, await ImportRun.SnapshotAsync(database));
        await using var db = database.NewContext();
        var fields = await new CustomFieldStore(db).ListAsync();
        Assert.DoesNotContain(fields, f => f.Key.Contains("duration", StringComparison.Ordinal) || f.Key == "y");
        Assert.Equal(21, fields.Count);
        Assert.All(fields.Where(f => f.Key is "age" or "campaign" or "pdays" or "euribor3m" or "nr_employed"), f => Assert.Equal(CustomFieldType.Number, f.Type));
        Assert.Contains("university.degree", fields.Single(f => f.Key == "education").Options);
        // Every column of the newer file but duration and y holds a value on every row; balance and day are the older file's.
        var values = await db.CustomFieldValues.GroupBy(v => v.CustomFieldId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        Assert.Equal(19, values.Count);
        Assert.All(values, v => Assert.Equal(2000, v.Count));
        string[] keys = ["age", "job", "education", "emp_var_rate", "pdays", "contact_type", "day_of_week"];
        var byKey = await new CustomFieldStore(db).ValuesAsync("bank-marketing", keys);
        var firstRow = await db.Deals.Where(d => d.ExternalId == "bank-additional-full.csv:2").Select(d => d.Id).SingleAsync();
        Assert.Equal(["56", "housemaid", "basic.4y", "1.1", "999", "telephone", "mon"], keys.Select(k => byKey[k][firstRow]));
    }

    /// <summary>The first rows of a gzipped data set file, gzipped again under the same name in a folder of its own.</summary>
    private static string Sample(string name, int rows)
    {
        var folder = Directory.CreateTempSubdirectory("loudou-bank-").FullName;
        var path = Path.Combine(folder, name);
        using var input = new StreamReader(new GZipStream(System.IO.File.OpenRead(File(name)), CompressionMode.Decompress));
        using var output = new StreamWriter(new GZipStream(System.IO.File.Create(path), CompressionLevel.Fastest));
        for (var i = 0; i <= rows && input.ReadLine() is { } line; i++)
        {
            output.Write(line + "\r\n");
        }
        return path;
    }
}
