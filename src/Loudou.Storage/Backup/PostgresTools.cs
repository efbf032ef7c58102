using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Loudou.Storage.Backup;

/// <summary>PostgreSQL's own client programs, pg_dump and pg_restore: where they are, their version, and how they reach the server.</summary>
/// <remarks>
/// They are looked for in <c>Loudou:Backup:PostgresBin</c> when it is set, else on the PATH, else in the newest
/// /usr/lib/postgresql/N/bin (Debian's layout). The connection goes to them through libpq's environment variables
/// (PGHOST, PGPASSWORD…), never on their command line, where other users of the machine could read a password.
/// </remarks>
public sealed partial class PostgresTools(string? binFolder)
{
    /// <summary>The configuration key naming the folder that holds pg_dump and pg_restore.</summary>
    public const string BinSetting = "Loudou:Backup:PostgresBin";

    public string PgDump => Find("pg_dump");

    public string PgRestore => Find("pg_restore");

    /// <summary>The major version a client program reports (pg_dump (PostgreSQL) 15.18 → 15).</summary>
    public static async Task<int> MajorVersionAsync(string program, CancellationToken cancellationToken)
    {
        var run = await ExternalProgram.RunAsync(program, ["--version"], new Dictionary<string, string>(), cancellationToken);
        var match = VersionLine().Match(run.Output);
        if (run.ExitCode != 0 || !match.Success)
        {
            throw new BackupRefusedException($"{program} --version did not say its version: {run.Output.Trim()} {run.ErrorSummary}");
        }
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The server's major version (server_version_num 150018 → 15).</summary>
    public static async Task<int> ServerMajorVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SHOW server_version_num", connection);
        var number = int.Parse((string)(await command.ExecuteScalarAsync(cancellationToken))!, CultureInfo.InvariantCulture);
        return number / 10000;
    }

    /// <summary>Refuses a client older than the server: pg_dump cannot read a newer server, and pg_restore's output would not fit it.</summary>
    public static void CheckClientVersion(string program, int client, int server)
    {
        if (client < server)
        {
            throw new BackupRefusedException(
                $"{Path.GetFileName(program)} is PostgreSQL {client}'s ({program}) but the server is PostgreSQL {server}: install the client programs of PostgreSQL {server} "
                + $"or newer (Debian: postgresql-client-{server}) and, if they are not on the PATH, set {BinSetting} to their folder.");
        }
    }

    /// <summary>libpq's environment for the database a connection string names.</summary>
    public static IReadOnlyDictionary<string, string> Environment(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var environment = new Dictionary<string, string>
        {
            ["PGHOST"] = builder.Host ?? "localhost",
            ["PGPORT"] = builder.Port.ToString(CultureInfo.InvariantCulture),
            ["PGDATABASE"] = builder.Database ?? builder.Username ?? "postgres",
            ["PGSSLMODE"] = builder.SslMode switch
            {
                SslMode.Disable => "disable",
                SslMode.Allow => "allow",
                SslMode.Require => "require",
                SslMode.VerifyCA => "verify-ca",
                SslMode.VerifyFull => "verify-full",
                _ => "prefer",
            },
            ["PGCONNECT_TIMEOUT"] = Math.Max(builder.Timeout, 2).ToString(CultureInfo.InvariantCulture),
            ["PGAPPNAME"] = "loudou-backup",
        };
        if (!string.IsNullOrEmpty(builder.Username))
        {
            environment["PGUSER"] = builder.Username;
        }
        if (!string.IsNullOrEmpty(builder.Password))
        {
            environment["PGPASSWORD"] = builder.Password;
        }
        return environment;
    }

    private string Find(string name)
    {
        if (!string.IsNullOrWhiteSpace(binFolder))
        {
            var configured = Path.Combine(binFolder, name);
            return File.Exists(configured)
                ? configured
                : throw new BackupRefusedException($"{name} is not in {binFolder} ({BinSetting}): name the folder that holds PostgreSQL's client programs.");
        }
        var onPath = (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return onPath;
        }
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(folder => (Version: int.TryParse(Path.GetFileName(folder), CultureInfo.InvariantCulture, out var v) ? v : -1, Path: Path.Combine(folder, "bin", name)))
                .Where(c => c.Version >= 0 && File.Exists(c.Path))
                .OrderByDescending(c => c.Version)
                .Select(c => c.Path)
                .FirstOrDefault()
            : null;
        return debian ?? throw new BackupRefusedException(
            $"{name} was not found on the PATH nor in /usr/lib/postgresql: install PostgreSQL's client programs (Debian: postgresql-client) or set {BinSetting} to their folder.");
    }

    [GeneratedRegex(@"\(PostgreSQL\)\s+(\d+)")]
    private static partial Regex VersionLine();
}
