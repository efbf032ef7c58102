using System.Data.Common;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;
using Npgsql;

namespace Loudou.Cli.Tests.Commands;

/// <summary>Pulls from a real PostgreSQL and a real MariaDB, both started by scripts/test.sh: first in full, then incrementally.</summary>
public sealed class PullCommandTests : IDisposable
{
    private const string Mapping = """
        {
          "entity": "deals",
          "source": "crm",
          "files": [{ "name": "deals", "columns": ["external_id", "name", "stage"], "optionalColumns": ["amount", "created_at"] }],
          "fields": { "externalId": "external_id", "name": "name", "amount": "amount", "createdAt": "created_at" },
          "stage": { "column": "stage", "other": [{ "stage": "$first", "at": "created_at" }, { "stage": "$value", "at": "created_at" }] }
        }
        """;

    private const string Query = "SELECT id AS external_id, title AS name, status AS stage, value AS amount, created AS created_at, updated_at FROM crm_deals;\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("loudou-cli-pull-").FullName;

    [Theory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task A_first_pull_takes_every_row_and_the_next_only_rows_changed_since(string kind)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (from, source) = await CreateSourceAsync(kind);
        await using var _ = source;
        await ExecuteAsync(source, """
            CREATE TABLE crm_deals (id varchar(20) PRIMARY KEY, title varchar(200), status varchar(20), value decimal(12,2), created timestamp NULL, updated_at timestamp NULL);
            INSERT INTO crm_deals VALUES ('P-1', '+86 138 0000 0000', 'lead', 100.5, '2024-05-01 10:00:00', '2024-06-01 00:00:00');
            INSERT INTO crm_deals VALUES ('P-2', '=SUM(A1)', 'won', 20, '2024-05-02 10:00:00', '2024-06-02 00:00:00');
            """);
        var query = Write("deals.sql", Query);
        var mapping = Write("crm.json", Mapping);
        string[] pull = ["pull", "--from", from, "--query", query, "--mapping", mapping, "--since-column", "updated_at", "--db", "sqlite:" + database.Target.SqlitePath];

        var first = await CliRun.RunAsync(pull);
        await ExecuteAsync(source, """
            INSERT INTO crm_deals VALUES ('P-3', 'Third', 'lead', 1, '2024-05-03 10:00:00', '2024-06-03 00:00:00');
            UPDATE crm_deals SET title = 'Renamed', updated_at = '2024-06-04 00:00:00' WHERE id = 'P-1';
            """);
        var second = await CliRun.RunAsync(pull);
        var third = await CliRun.RunAsync(pull);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("2 rows, 2 created", first.Output);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("updated_at >= 2024-06-02", second.Error);
        Assert.Contains("3 rows, 1 created, 1 updated, 1 unchanged", second.Output);
        Assert.Contains("1 rows, 0 created, 0 updated, 1 unchanged", third.Output);
        await using var db = database.NewContext();
        Assert.Equal(["Renamed", "=SUM(A1)", "Third"], await db.Deals.Where(d => d.Source == "crm").OrderBy(d => d.ExternalId).Select(d => d.Name).ToListAsync());
        Assert.Equal(100.5m, (await db.Deals.SingleAsync(d => d.ExternalId == "P-1")).Amount);
    }

    [Fact]
    public async Task An_unreachable_source_is_a_user_error_that_hides_the_password()
    {
        var run = await CliRun.RunAsync("pull", "--from", "postgres:Host=127.0.0.1;Port=1;Username=x;Password=secret;Timeout=2", "--query", Write("q.sql", Query), "--mapping", Write("m.json", Mapping));

        Assert.Equal(1, run.ExitCode);
        Assert.True(run.HasNoTrace);
        Assert.Contains("cannot pull from postgres:Host=127.0.0.1;Port=1;Username=x;Password=***", run.Error);
        Assert.DoesNotContain("secret", run.Error);
    }

    /// <summary>A new database on the test server of that kind, and the --from value that reads it.</summary>
    private static async Task<(string From, DbConnection Connection)> CreateSourceAsync(string kind)
    {
        var name = "loudou_src_" + Guid.NewGuid().ToString("N")[..12];
        if (kind == "postgres")
        {
            var admin = Environment.GetEnvironmentVariable("LOUDOU_TEST_POSTGRES") ?? throw new InvalidOperationException("LOUDOU_TEST_POSTGRES is not set; scripts/test.sh starts the server.");
            await using (var server = new NpgsqlConnection(admin))
            {
                await server.OpenAsync();
                await ExecuteAsync(server, $"CREATE DATABASE {name}");
            }
            var connection = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
            var postgres = new NpgsqlConnection(connection);
            await postgres.OpenAsync();
            return ("postgres:" + connection, postgres);
        }
        var maria = Environment.GetEnvironmentVariable("LOUDOU_TEST_MARIADB") ?? throw new InvalidOperationException("LOUDOU_TEST_MARIADB is not set; scripts/test.sh starts the server.");
        await using (var server = new MySqlConnection(maria))
        {
            await server.OpenAsync();
            await ExecuteAsync(server, $"CREATE DATABASE {name}");
        }
        var mysql = new MySqlConnectionStringBuilder(maria) { Database = name }.ConnectionString;
        var connectionMy = new MySqlConnection(mysql);
        await connectionMy.OpenAsync();
        return ("mysql:" + mysql, connectionMy);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
