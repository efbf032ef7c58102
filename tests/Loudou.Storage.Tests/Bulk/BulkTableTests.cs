using Loudou.Core.Deals;
using Loudou.Storage.Bulk;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests.Bulk;

public class BulkTableTests
{
    private static readonly string[] Properties =
    [
        nameof(Deal.Id), nameof(Deal.Source), nameof(Deal.ExternalId), nameof(Deal.Name), nameof(Deal.OwnerId), nameof(Deal.TeamId), nameof(Deal.Amount), nameof(Deal.Currency),
        nameof(Deal.Probability), nameof(Deal.CreatedAt), nameof(Deal.ExpectedClose), nameof(Deal.PipelineId), nameof(Deal.StageId), nameof(Deal.ClosedAt), nameof(Deal.Version), "RecordedAt", "UpdatedAt",
    ];

    /// <summary>A deal row written in bulk is stored exactly as EF stores the same values: same types, same text.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_bulk_row_is_stored_as_ef_stores_it(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var owner = await Builders.UserAsync(db, "bulk.rep");
        var pipeline = await Builders.DefaultPipelineAsync(db);
        var deal = Deal.Create("批量 Bulk", pipeline, "CNY", new DateTimeOffset(2025, 12, 31, 23, 59, 58, TimeSpan.FromHours(8)).AddTicks(1_234_560), null, TransitionSource.Import);
        deal.AssignTo(owner);
        deal.SetAmount(1_234_567.8900m, "CNY");
        deal.SetExpectedClose(new DateOnly(2026, 2, 28));
        deal.LinkExternal("bulk", "EF-1");
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
        var entry = db.Entry(deal);
        object?[] values = [.. Properties.Select(p => entry.Property(p).CurrentValue)];
        values[0] = deal.Id + 1;
        values[2] = "BULK-1";

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await using (var table = await BulkTable.OpenAsync<Deal>(db, Properties))
            {
                await table.AddAsync(values);
                await table.CompleteAsync();
            }
            await transaction.CommitAsync();
        }

        var rows = await RawRowsAsync(db, deal.Id, deal.Id + 1);
        var columns = Properties.Select(p => db.Model.FindEntityType(typeof(Deal))!.FindProperty(p)!.GetColumnName()).ToList();
        foreach (var column in columns.Where(c => c is not "id" and not "external_id"))
        {
            Assert.True(Equals(rows[0][column], rows[1][column]), $"{column}: EF stored {Show(rows[0][column])}, the bulk write {Show(rows[1][column])}");
        }
        db.ChangeTracker.Clear();
        var read = await db.Deals.SingleAsync(d => d.ExternalId == "BULK-1");
        Assert.Equal((deal.Amount, deal.CreatedAt, deal.ExpectedClose), (read.Amount, read.CreatedAt, read.ExpectedClose));
    }

    private static string Show(object? value) => value is null ? "null" : $"{value} ({value.GetType().Name})";

    private static async Task<List<Dictionary<string, object?>>> RawRowsAsync(LoudouDbContext db, long first, long second)
    {
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM deals WHERE id IN ({first}, {second}) ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        }
        Assert.Equal(2, rows.Count);
        return rows;
    }
}
