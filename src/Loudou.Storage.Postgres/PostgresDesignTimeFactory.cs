using Microsoft.EntityFrameworkCore.Design;

namespace Loudou.Storage.Postgres;

/// <summary>Lets <c>dotnet ef migrations add NAME --project src/Loudou.Storage.Postgres</c> build the model without a server.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<LoudouDbContext>
{
    public LoudouDbContext CreateDbContext(string[] args) =>
        LoudouDatabase.CreateContext(new DatabaseTarget(DatabaseProvider.Postgres, "Host=localhost;Database=loudou"));
}
