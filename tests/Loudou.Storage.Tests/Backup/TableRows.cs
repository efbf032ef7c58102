using System.Globalization;
using Loudou.Storage.Backup;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests.Backup;

/// <summary>Every row of every table of a database as text, for comparing two databases table by table.</summary>
/// <remarks>
/// The tables are the EF model's (so that a table added later is compared without anyone listing it) and whatever
/// else the database holds (the migrations table, Quartz's job store). Rows are sorted as text: the comparison
/// is of contents, not of the order a scan happens to return.
/// </remarks>
public static class TableRows
{
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ReadAsync(DatabaseTarget target)
    {
        await using var db = LoudouDatabase.CreateContext(target);
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        var present = (await DatabaseContents.ReadAsync(connection, target.Provider, CancellationToken.None)).Tables;
        var model = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>();
        var missing = model.Except(present).ToList();
        Assert.True(missing.Count == 0, $"{target.Describe()} lacks the model's tables {string.Join(", ", missing)}");
        var rows = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var table in present)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            var lines = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i) + "=" + Text(reader.GetValue(i)))));
            }
            lines.Sort(StringComparer.Ordinal);
            rows[table] = lines;
        }
        return rows;
    }

    private static string Text(object value) => value switch
    {
        DBNull => "∅",
        byte[] bytes => Convert.ToBase64String(bytes),
        DateTime moment => moment.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset moment => moment.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
