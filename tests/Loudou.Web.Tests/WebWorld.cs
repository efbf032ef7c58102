using System.Net.Http.Headers;
using Loudou.Storage;
using Loudou.Storage.Access;
using Loudou.Storage.Tests.Infrastructure;

namespace Loudou.Web.Tests;

/// <summary>The access world of <see cref="AccessWorld"/> behind a running host, with an API client per user.</summary>
public sealed class WebWorld : IAsyncDisposable
{
    private readonly Dictionary<string, string> _tokens;

    private WebWorld(TestDatabase database, AccessWorld world, LoudouWebFactory factory, Dictionary<string, string> tokens)
    {
        Database = database;
        World = world;
        Factory = factory;
        _tokens = tokens;
    }

    public TestDatabase Database { get; }

    public AccessWorld World { get; }

    public LoudouWebFactory Factory { get; }

    public static async Task<WebWorld> CreateAsync(DatabaseProvider provider, params (string Key, string Value)[] settings)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        var tokens = new Dictionary<string, string>();
        await using (var db = database.NewContext())
        {
            foreach (var login in AccessWorld.Logins)
            {
                tokens[login] = (await new ApiTokens(db, TimeProvider.System).CreateAsync(login, 30)).Token;
            }
        }
        return new WebWorld(database, world, new LoudouWebFactory(database.Target, settings), tokens);
    }

    public string TokenOf(string login) => _tokens[login];

    /// <summary>A client that calls as <paramref name="login"/> with its API token.</summary>
    public HttpClient ClientFor(string login)
    {
        var client = Factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[login]);
        return client;
    }

    public HttpClient Anonymous() => Factory.CreateClient(new() { AllowAutoRedirect = false });

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }
}
