using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Loudou.Core.Catalog;
using Loudou.Core.Pipelines;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Tests.Api;

/// <summary>
/// The board's column totals against a plain computation over the rows each caller sees: count, sum in the
/// base currency (a USD deal at its rate, a deal without an amount left out and counted as unpriced) and the
/// probability-weighted sum; its cards page without overlap; bad parameters are named.
/// </summary>
public class BoardApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_callers_column_totals_equal_a_plain_sum_over_the_open_deals_they_see(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        await using (var db = web.Database.NewContext())
        {
            db.ExchangeRates.Add(ExchangeRate.Create("USD", new DateOnly(2026, 1, 1), 7.1m));
            var deals = await db.Deals.Where(d => d.Name == "N1" || d.Name == "S1").ToListAsync();
            deals.Single(d => d.Name == "N1").SetAmount(2_000m, "USD");
            deals.Single(d => d.Name == "S1").SetAmount(null, "CNY");
            await db.SaveChangesAsync();
        }

        foreach (var login in AccessWorld.Logins)
        {
            using var client = web.ClientFor(login);
            var board = await client.GetFromJsonAsync<JsonElement>("/api/v1/board?cards=1");

            await using var db = LoudouDatabase.CreateContext(web.Database.Target, web.World.ScopeOf(login));
            var open = await (from d in db.Deals
                              join s in db.Stages on d.StageId equals s.Id
                              where s.Kind == StageKind.Open
                              select new { s.Key, d.Amount, d.Currency, d.Probability }).ToListAsync();
            foreach (var column in board.GetProperty("columns").EnumerateArray())
            {
                var rows = open.Where(r => r.Key == column.GetProperty("stage").GetString()).ToList();
                decimal? InBase(decimal? amount, string currency) => amount is null ? null : currency == "CNY" ? amount : currency == "USD" ? amount * 7.1m : null;
                Assert.Equal(rows.Count, column.GetProperty("count").GetInt32());
                Assert.Equal(rows.Sum(r => InBase(r.Amount, r.Currency) ?? 0m), column.GetProperty("sum").GetDecimal());
                Assert.Equal(rows.Sum(r => (InBase(r.Amount, r.Currency) ?? 0m) * (decimal)r.Probability), column.GetProperty("weighted").GetDecimal());
                Assert.Equal(rows.Count(r => r.Amount is null), column.GetProperty("unpriced").GetInt32());
                Assert.Equal(Math.Min(1, rows.Count), column.GetProperty("cards").GetArrayLength());
                Assert.Equal(rows.Count > 1, column.GetProperty("more").GetBoolean());
            }
        }
    }

    [Fact]
    public async Task A_column_pages_without_overlap_and_bad_parameters_are_named()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var root = web.ClientFor("root");
        var board = await root.GetFromJsonAsync<JsonElement>("/api/v1/board?cards=0");
        var column = board.GetProperty("columns").EnumerateArray().OrderByDescending(c => c.GetProperty("count").GetInt32()).First();
        var stage = column.GetProperty("stage").GetString();

        var ids = new List<long>();
        for (var skip = 0; skip < column.GetProperty("count").GetInt32(); skip += 2)
        {
            var page = await root.GetFromJsonAsync<JsonElement>($"/api/v1/board/cards?stage={stage}&skip={skip}&take=2");
            ids.AddRange(page.EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));
        }
        Assert.Equal(column.GetProperty("count").GetInt32(), ids.Distinct().Count());
        Assert.Equal(ids.Count, ids.Distinct().Count());

        foreach (var (url, field) in new[]
        {
            ("/api/v1/board?cards=201", "cards"), ("/api/v1/board?stage=lead", "stage"), ("/api/v1/board/cards", "stage"),
            ("/api/v1/board/cards?stage=lead&skip=-1", "skip"), ("/api/v1/board/cards?stage=nope", "stage"),
        })
        {
            var answer = await root.GetAsync(url);
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.True((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), url);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await root.GetAsync("/api/v1/board?pipeline=nope")).StatusCode);
    }
}
