using Loudou.Core;

namespace Loudou.Storage;

/// <summary>A database that cannot be opened or used, naming which and why.</summary>
/// <param name="verb">What failed: "open" by default, or "write to", "set up"….</param>
public sealed class DatabaseUnavailableException(string database, string reason, string verb = "open")
    : LoudouException($"Cannot {verb} {database}: {reason}")
{
    public string Database { get; } = database;

    public string Reason { get; } = reason;
}

/// <summary>A server database whose schema is behind this version of Loudou.</summary>
public sealed class DatabaseNotMigratedException(string database, IReadOnlyList<string> pending)
    : LoudouException($"{database} is not up to date: {pending.Count} migration(s) pending, starting with {pending[0]}. Run: loudou db migrate --db \"{database}\"")
{
    public IReadOnlyList<string> Pending { get; } = pending;
}
