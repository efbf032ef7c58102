using Loudou.Storage.Backup;
using Loudou.Storage.Tests.Infrastructure;

namespace Loudou.Storage.Tests.Backup;

/// <summary>pg_dump older than the server is refused, with the version to install, before anything is written.</summary>
public sealed class PostgresToolsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("loudou-pgbin-").FullName;

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_pg_dump_older_than_the_server_is_refused_naming_both_versions()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        // A stand-in for an old client: it says it is PostgreSQL 9.6 and would fail if it were asked to dump.
        var fake = Path.Combine(_directory, "pg_dump");
        await File.WriteAllTextAsync(fake, "#!/bin/sh\n[ \"$1\" = --version ] && echo 'pg_dump (PostgreSQL) 9.6.24' && exit 0\nexit 3\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var output = Path.Combine(_directory, "out.dump");

        var refused = await Assert.ThrowsAsync<BackupRefusedException>(() => new DatabaseBackup(new PostgresTools(_directory)).BackupAsync(database.Target, output));

        Assert.Contains("is PostgreSQL 9's", refused.Message, StringComparison.Ordinal);
        Assert.Matches(@"the server is PostgreSQL \d+: install the client programs of PostgreSQL \d+", refused.Message);
        Assert.Contains(PostgresTools.BinSetting, refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public void A_folder_without_the_programs_is_named()
    {
        var refused = Assert.Throws<BackupRefusedException>(() => new PostgresTools(_directory).PgRestore);

        Assert.Contains($"pg_restore is not in {_directory}", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
