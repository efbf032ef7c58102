using Loudou.Core.Demo;
using Loudou.Storage.Demo;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Loudou.Storage.Tests.Demo;

/// <summary>One 20,000-deal demo in SQLite, shared by the tests that check its planted effects with plain SQL.</summary>
public sealed class DemoFixture : IAsyncLifetime
{
    public static readonly DemoOptions Options = new(20_000, 1, new DateOnly(2026, 11, 25));

    private TestDatabase? _database;

    public DemoGenerator Generator { get; private set; } = null!;

    public DemoSummary Summary { get; private set; } = null!;

    public TestDatabase Database => _database!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = _database.NewContext();
        Summary = await DemoWorkspace.CreateAsync(db, Options);
        var settings = db.WorkspaceSettings.Single();
        Generator = new DemoGenerator(Options, settings.Calendar, Core.Pipelines.BuiltinPipelines.Default);
    }

    public async Task DisposeAsync() => await _database!.DisposeAsync();

    /// <summary>Runs plain SQL against the demo file, bypassing EF entirely.</summary>
    public List<object?[]> Query(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection(Database.Target.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>A moment as the stored UTC text, for comparisons in SQL.</summary>
    public static string Sql(DateTimeOffset moment) => moment.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}
