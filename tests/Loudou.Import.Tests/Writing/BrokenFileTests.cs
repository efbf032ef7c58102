using System.Text;
using Loudou.Core.Import;
using Loudou.Import.Reading;
using Loudou.Import.Tests.Infrastructure;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Loudou.Testing;

namespace Loudou.Import.Tests.Writing;

/// <summary>A corpus of broken files: each gives its located error and changes nothing.</summary>
public class BrokenFileTests
{
    private const string Header = "external_id,name,stage,amount,created_at\n";

    public static TheoryData<string, string, long, string> Corpus() => new()
    {
        // case, file content after the header, row, column
        { "truncated", "T-1,One,lead,100,2024-05-03\nT-2,Tw", 3, "" },
        { "unclosed quote", "T-1,\"One,lead,100,2024-05-03\nT-2,Two,lead,100,2024-05-03\n", 2, "" },
        { "bad date", "T-1,One,lead,100,2024-02-30\n", 2, "created_at" },
        { "ambiguous date", "T-1,One,lead,100,5/3/2024\n", 2, "created_at" },
        { "bad number", "T-1,One,lead,12abc,2024-05-03\n", 2, "amount" },
        { "ambiguous comma", "T-1,One,lead,\"1,5\",2024-05-03\n", 2, "amount" },
        { "negative amount", "T-1,One,lead,-100,2024-05-03\n", 2, "amount" },
        { "unknown stage", "T-1,One,signed,100,2024-05-03\n", 2, "stage" },
        { "empty stage", "T-1,One,,100,2024-05-03\n", 2, "stage" },
        { "duplicate id", "T-1,One,lead,100,2024-05-03\nT-1,Two,lead,100,2024-05-03\n", 3, "external_id" },
        { "missing id", "T-1,One,lead,100,2024-05-03\n,Two,lead,100,2024-05-03\n", 3, "external_id" },
        { "1 MB field", $"T-1,{new string('长', 1_000_000)},lead,100,2024-05-03\n", 2, "name" },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task A_broken_file_gives_its_located_error_and_changes_nothing(string name, string rows, long row, string column)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var before = await ImportRun.SnapshotAsync(database);
        var path = ImportRun.TempFile(name.Replace(' ', '-') + ".csv", Header + rows);

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [path]);

        Assert.False(result.Written);
        var error = Assert.Single(result.Issues, i => i.Severity == ImportSeverity.Error);
        Assert.Equal((Path.GetFileName(path), row, column), (error.File, error.Row, error.Column));
        Assert.True(error.Value.Length <= ImportIssue.MaxValueLength + 30, "the value in a report is cut");
        Assert.Equal(before, await ImportRun.SnapshotAsync(database));
    }

    [Fact]
    public async Task An_ambiguous_date_imports_once_its_order_is_named()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var path = ImportRun.TempFile("us.csv", Header + "T-1,One,lead,100,5/3/2024\n");

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [path], r => r with { DateFormat = "M/d/yyyy" });

        Assert.True(result.Written, string.Join("\n", result.Issues));
        await using var db = database.NewContext();
        Assert.Equal(new DateTimeOffset(2024, 5, 3, 0, 0, 0, TimeSpan.FromHours(8)), db.Deals.Single().CreatedAt);
    }

    [Fact]
    public async Task A_gb18030_file_read_as_utf8_is_reported_on_the_row_and_column_of_the_bad_bytes()
    {
        TextEncodings.Register();
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var path = ImportRun.TempFile("gbk.csv", Header + "T-1,One,lead,100,2024-05-03\nT-2,北京客户,lead,100,2024-05-03\n", Encoding.GetEncoding("GB18030"));

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [path], r => r with { Encoding = "utf-8" });

        var error = Assert.Single(result.Issues);
        Assert.Equal((3L, "name"), (error.Row, error.Column));
        Assert.Contains("--encoding", error.Reason);
        Assert.False(result.Written);
    }

    [Fact]
    public async Task A_utf8_file_with_one_broken_byte_stays_utf8_and_reports_that_row()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(Header + "T-1,上海客户,lead,100,2024-05-03\nT-2,深圳客户,lead,100,2024-05-03\nT-3,广州"));
        bytes.Add(0xFF);
        bytes.AddRange(Encoding.UTF8.GetBytes("客户,lead,100,2024-05-03\n"));
        var path = ImportRun.TempFile("mixed.csv", "");
        await File.WriteAllBytesAsync(path, [.. bytes]);

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [path]);

        var error = Assert.Single(result.Issues);
        Assert.Equal((4L, "name"), (error.Row, error.Column));
        Assert.Contains("utf-8", error.Reason);
    }

    [Theory]
    [InlineData("binary.csv", new byte[] { 0x01, 0x00, 0x02, 0x00, 0xFF }, "not a text file")]
    [InlineData("empty.csv", new byte[0], "is empty")]
    [InlineData("fake.xlsx", new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x00, 0x00 }, "not a readable .xlsx")]
    public async Task A_file_that_is_no_table_is_refused_whole(string name, byte[] content, string reason)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var path = ImportRun.TempFile(name, "");
        await File.WriteAllBytesAsync(path, content);

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [path]);

        var error = Assert.Single(result.Issues);
        Assert.Equal(name, error.File);
        Assert.Contains(reason, error.Reason);
    }

    [DataSetTheory("bank-marketing")]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_import_stopped_while_writing_leaves_nothing_and_running_it_again_completes_it(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var before = await ImportRun.SnapshotAsync(database);
        var file = Path.Combine(DataSets.Path("bank-marketing"), "bank.csv");
        using var stop = new CancellationTokenSource();
        var request = new ImportRequest(ImportEntity.Deals, [file], ImportPresets.Load("bank-marketing", ImportEntity.Deals), "preset bank-marketing");

        await using (var db = database.NewContext())
        {
            // SQLite writes every new-deal table in one pass ("writing deals"); PostgreSQL COPYs one table
            // at a time, so stopping at its history step leaves deals written and uncommitted.
            var engine = new ImportEngine(db, new StopAt(provider == DatabaseProvider.Sqlite ? "writing deals" : "writing history", stop));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.RunAsync(request, stop.Token));
        }
        Assert.Equal(before, await ImportRun.SnapshotAsync(database));

        var again = await ImportRun.RunAsync(database, ImportEntity.Deals, "bank-marketing", [file]);

        Assert.Equal((4521L, 9042L), (again.Created, again.HistoryAdded));
    }

    /// <summary>Cancels the import as soon as it reports a step, as a kill at that point would stop it.</summary>
    private sealed class StopAt(string step, CancellationTokenSource stop) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            if (value.Step == step)
            {
                stop.Cancel();
            }
        }
    }
}
