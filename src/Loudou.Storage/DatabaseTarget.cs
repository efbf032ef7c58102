using Loudou.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Loudou.Storage;

/// <summary>Which database to open: a provider and its connection string.</summary>
/// <remarks>
/// Written on the command line as <c>sqlite:PATH</c> or <c>postgres:CONNECTION-STRING</c>, and in
/// configuration as <c>Loudou:Database:Provider</c> and <c>Loudou:Database:ConnectionString</c>
/// (environment: <c>Loudou__Database__Provider</c>, <c>Loudou__Database__ConnectionString</c>).
/// </remarks>
public sealed record DatabaseTarget(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>The SQLite file used when nothing else is configured, relative to the working directory.</summary>
    public const string DefaultSqlitePath = "data/loudou.db";

    public static DatabaseTarget DefaultSqlite => Sqlite(DefaultSqlitePath);

    /// <summary>A SQLite file by path; the directory is created when the database is opened.</summary>
    public static DatabaseTarget Sqlite(string path) =>
        new(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Pooling = true }.ToString());

    /// <summary>Parses <c>sqlite:PATH</c> or <c>postgres:CONNECTION-STRING</c>.</summary>
    /// <returns>Null, with a message naming the field "db", when the value is not of that form.</returns>
    public static DatabaseTarget? TryParse(string? value, out RuleMessage? error)
    {
        error = null;
        var text = value?.Trim() ?? "";
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon > 0 ? text[..colon].ToLowerInvariant() : "";
        var rest = colon > 0 ? text[(colon + 1)..].Trim() : "";
        switch (scheme)
        {
            case "sqlite" when rest.Length > 0:
                return Sqlite(rest);
            case "postgres" or "postgresql" when rest.Length > 0:
                var target = Postgres(rest, out var problem);
                if (problem is not null)
                {
                    error = problem;
                }
                return target;
            case "sqlite" or "postgres" or "postgresql":
                error = $"{new FieldName("db")} '{scheme}:' names no database after the colon.";
                return null;
            default:
                // Only the part before the first ';' is echoed: the rest may hold a password.
                error = $"{new FieldName("db")} '{text.Split(';')[0]}…' is not of the form sqlite:PATH or postgres:CONNECTION-STRING.";
                return null;
        }
    }

    /// <summary>Reads <c>Loudou:Database</c> from configuration; the default SQLite file when absent.</summary>
    /// <exception cref="DatabaseUnavailableException">The configured values are not usable.</exception>
    public static DatabaseTarget FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection("Loudou:Database");
        var provider = section["Provider"];
        var connectionString = section["ConnectionString"];
        if (string.IsNullOrWhiteSpace(provider) || provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                return DefaultSqlite;
            }
            // Accept either a bare path or a full SQLite connection string.
            if (!connectionString.Contains('='))
            {
                return Sqlite(connectionString);
            }
            var builder = new SqliteConnectionStringBuilder(connectionString);
            builder.DataSource = Path.GetFullPath(builder.DataSource);
            return new(DatabaseProvider.Sqlite, builder.ToString());
        }
        if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new DatabaseUnavailableException("Loudou:Database", "Provider is Postgres but Loudou:Database:ConnectionString is empty.");
            }
            return Postgres(connectionString, out var error) ?? throw new DatabaseUnavailableException("Loudou:Database:ConnectionString", error!);
        }
        throw new DatabaseUnavailableException("Loudou:Database:Provider", $"'{provider}' is not a provider; use Sqlite or Postgres.");
    }

    /// <summary>The target with any password hidden, for messages and logs.</summary>
    public string Describe()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            return "sqlite:" + new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        }
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        if (!string.IsNullOrEmpty(builder.Password))
        {
            builder.Password = "***";
        }
        return "postgres:" + builder.ConnectionString;
    }

    /// <summary>The SQLite file path; only for <see cref="DatabaseProvider.Sqlite"/>.</summary>
    public string SqlitePath => new SqliteConnectionStringBuilder(ConnectionString).DataSource;

    public override string ToString() => Describe();

    private static DatabaseTarget? Postgres(string connectionString, out string? error)
    {
        error = null;
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrEmpty(builder.Host))
            {
                error = "the PostgreSQL connection string names no Host.";
                return null;
            }
            return new(DatabaseProvider.Postgres, builder.ConnectionString);
        }
        catch (ArgumentException e)
        {
            error = $"the PostgreSQL connection string is not valid: {e.Message}";
            return null;
        }
    }
}
