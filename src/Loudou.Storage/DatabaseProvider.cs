namespace Loudou.Storage;

/// <summary>The database engines Loudou runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded file: the default, for one machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, for teams that run one or several web instances.</summary>
    Postgres,
}
