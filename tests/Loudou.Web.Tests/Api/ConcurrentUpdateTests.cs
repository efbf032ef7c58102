using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Loudou.Core.Access;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Tests.Api;

/// <summary>
/// 50 clients raise the amounts of the same three deals at once, each by read, add one, write with
/// If-Match, and retry on 409. No increment may be lost: each deal ends at its start plus the writes
/// that were answered 200, its version moved once per such write, the audit log holds one update
/// per write, and every refused write was a 409.
/// </summary>
public class ConcurrentUpdateTests
{
    private const int Clients = 50;
    private const int IncrementsPerClient = 4;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Fifty_clients_updating_the_same_deals_lose_no_update_and_every_conflict_is_a_409(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        string[] names = ["N1", "N2", "N3"];
        var deals = names.Select(n => web.World.Deals[n]).ToArray();
        var start = await StateAsync(web, deals);
        var successes = new ConcurrentDictionary<long, int>();
        var conflicts = 0;
        var unexpected = new ConcurrentBag<string>();
        // Managers and admins see N1–N3 too, so the writers are not all one user.
        string[] logins = ["ann", "max", "root"];
        // Start the server once before the clients race: WebApplicationFactory starts lazily and not thread-safely.
        using (web.ClientFor("root"))
        {
        }

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            using var client = web.ClientFor(logins[c % logins.Length]);
            for (var i = 0; i < IncrementsPerClient; i++)
            {
                var id = deals[(c + i) % deals.Length];
                for (var attempt = 0; attempt < 200; attempt++)
                {
                    using var read = await client.GetAsync($"/api/v1/deals/{id}");
                    var deal = await read.Content.ReadFromJsonAsync<JsonElement>();
                    using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/deals/{id}")
                    {
                        Content = JsonContent.Create(new { amount = deal.GetProperty("amount").GetDecimal() + 1 }),
                    };
                    request.Headers.IfMatch.ParseAdd(read.Headers.ETag!.ToString());
                    using var write = await client.SendAsync(request);
                    if (write.StatusCode == HttpStatusCode.OK)
                    {
                        successes.AddOrUpdate(id, 1, (_, n) => n + 1);
                        break;
                    }
                    if (write.StatusCode == HttpStatusCode.Conflict)
                    {
                        Interlocked.Increment(ref conflicts);
                        continue;
                    }
                    unexpected.Add($"{write.StatusCode}: {await write.Content.ReadAsStringAsync()}");
                    break;
                }
            }
        })));

        Assert.Empty(unexpected);
        Assert.Equal(Clients * IncrementsPerClient, successes.Values.Sum());
        Assert.True(conflicts > 0, "50 clients on 3 deals never conflicted: the test did not race");
        var end = await StateAsync(web, deals);
        foreach (var id in deals)
        {
            Assert.Equal(start[id].Amount + successes[id], end[id].Amount);
            Assert.Equal(start[id].Version + successes[id], end[id].Version);
            Assert.Equal(successes[id], end[id].Updates - start[id].Updates);
        }
    }

    private static async Task<Dictionary<long, (decimal Amount, int Version, int Updates)>> StateAsync(WebWorld web, long[] deals)
    {
        await using var db = web.Database.NewContext();
        var result = new Dictionary<long, (decimal, int, int)>();
        foreach (var id in deals)
        {
            var deal = await db.Deals.AsNoTracking().SingleAsync(d => d.Id == id);
            var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var updates = await db.AuditEntries.CountAsync(e => e.EntityType == "deal" && e.EntityId == key && e.Action == AuditAction.Update);
            result[id] = (deal.Amount!.Value, deal.Version, updates);
        }
        return result;
    }
}
