using Microsoft.Extensions.Configuration;

namespace Loudou.Storage.Tests;

public class DatabaseTargetTests
{
    [Fact]
    public void Sqlite_and_postgres_values_are_parsed()
    {
        var sqlite = DatabaseTarget.TryParse("sqlite:some/dir/x.db", out _)!;
        var postgres = DatabaseTarget.TryParse("postgres:Host=db.local;Database=loudou;Username=app", out _)!;

        Assert.Equal(DatabaseProvider.Sqlite, sqlite.Provider);
        Assert.Equal(Path.GetFullPath("some/dir/x.db"), sqlite.SqlitePath);
        Assert.Equal(DatabaseProvider.Postgres, postgres.Provider);
        Assert.Contains("Host=db.local", postgres.ConnectionString);
    }

    [Theory]
    [InlineData("mysql:Server=x", "sqlite:PATH or postgres:CONNECTION-STRING")]
    [InlineData("loudou.db", "sqlite:PATH or postgres:CONNECTION-STRING")]
    [InlineData("sqlite:", "names no database")]
    [InlineData("postgres:Database=x", "names no Host")]
    [InlineData("postgres:Hots=x", "not valid")]
    public void Bad_values_say_what_is_wrong(string value, string expected)
    {
        Assert.Null(DatabaseTarget.TryParse(value, out var error));
        Assert.Contains(expected, error!.ToString());
    }

    [Fact]
    public void Passwords_are_hidden_when_a_target_is_described()
    {
        var target = DatabaseTarget.TryParse("postgres:Host=h;Database=d;Username=u;Password=hunter2", out _)!;

        Assert.DoesNotContain("hunter2", target.Describe());
        Assert.Contains("hunter2", target.ConnectionString);
    }

    [Fact]
    public void Configuration_chooses_the_provider_and_defaults_to_the_sqlite_file()
    {
        static DatabaseTarget From(params (string Key, string Value)[] values) => DatabaseTarget.FromConfiguration(
            new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

        Assert.Equal(Path.GetFullPath(DatabaseTarget.DefaultSqlitePath), From().SqlitePath);
        Assert.Equal(Path.GetFullPath("x/y.db"), From(("Loudou:Database:ConnectionString", "x/y.db")).SqlitePath);
        Assert.Equal(DatabaseProvider.Postgres, From(("Loudou:Database:Provider", "Postgres"), ("Loudou:Database:ConnectionString", "Host=h;Database=d")).Provider);
        var error = Assert.Throws<DatabaseUnavailableException>(() => From(("Loudou:Database:Provider", "Oracle")));
        Assert.Contains("Loudou:Database:Provider", error.Message);
        Assert.Throws<DatabaseUnavailableException>(() => From(("Loudou:Database:Provider", "Postgres")));
    }
}
