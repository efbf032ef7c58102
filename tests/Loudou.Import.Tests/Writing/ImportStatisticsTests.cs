using System.Data.Common;
using Loudou.Core.Import;
using Loudou.Import.Tests.Infrastructure;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Tests.Writing;

/// <summary>An import that wrote something leaves the planner's statistics of what it filled up to date (docs/performance.md).</summary>
public class ImportStatisticsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_deal_import_analyses_the_deals_and_history_tables(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        Assert.Equal((false, false), await AnalysedAsync(database, provider));
        var deals = ImportRun.TempFile("deals.csv", "external_id,name,stage,created_at\nST-1,One,lead,2024-05-03\nST-2,Two,lead,2024-05-04\nST-3,Three,lead,2024-05-05\n");

        var result = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [deals]);

        Assert.True(result.Written, string.Join("\n", result.Issues));
        Assert.Equal((true, true), await AnalysedAsync(database, provider));
        if (provider == DatabaseProvider.Postgres)
        {
            // ANALYZE of a table this small reads every row: the planner's row count is exact.
            Assert.Equal(3, await ScalarAsync(database, "SELECT reltuples::bigint FROM pg_class WHERE relname = 'deals'"));
        }
    }

    [Fact]
    public async Task An_import_that_changes_nothing_does_not_analyse()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var deals = ImportRun.TempFile("deals.csv", "external_id,name,stage\nST-1,One,lead\n");
        await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [deals]);
        await ExecuteAsync(database, "DELETE FROM sqlite_stat1");

        var again = await ImportRun.RunAsync(database, ImportEntity.Deals, "generic", [deals]);

        Assert.Equal(1, again.Unchanged);
        Assert.Equal((false, false), await AnalysedAsync(database, DatabaseProvider.Sqlite));
    }

    /// <summary>Whether the deals and the stage history tables have statistics from an explicit ANALYZE.</summary>
    private static async Task<(bool Deals, bool History)> AnalysedAsync(TestDatabase database, DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            static string Sql(string table) => $"SELECT count(*) FROM pg_stat_user_tables WHERE relname = '{table}' AND last_analyze IS NOT NULL";
            return (await ScalarAsync(database, Sql("deals")) == 1, await ScalarAsync(database, Sql("stage_transitions")) == 1);
        }
        if (await ScalarAsync(database, "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'") == 0)
        {
            return (false, false);
        }
        static string Stat(string table) => $"SELECT count(*) FROM sqlite_stat1 WHERE tbl = '{table}'";
        return (await ScalarAsync(database, Stat("deals")) > 0, await ScalarAsync(database, Stat("stage_transitions")) > 0);
    }

    private static async Task<long> ScalarAsync(TestDatabase database, string sql)
    {
        await using var db = database.NewContext();
        await using var command = await CommandAsync(db, sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var db = database.NewContext();
        await using var command = await CommandAsync(db, sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<DbCommand> CommandAsync(LoudouDbContext db, string sql)
    {
        await db.Database.OpenConnectionAsync();
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return command;
    }
}
