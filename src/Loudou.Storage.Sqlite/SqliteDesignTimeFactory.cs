using Microsoft.EntityFrameworkCore.Design;

namespace Loudou.Storage.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add NAME --project src/Loudou.Storage.Sqlite</c> build the model without a host.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<LoudouDbContext>
{
    public LoudouDbContext CreateDbContext(string[] args) =>
        LoudouDatabase.CreateContext(DatabaseTarget.Sqlite(Path.Combine(Path.GetTempPath(), "loudou-design-time.db")));
}
