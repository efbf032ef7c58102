using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Loudou.Storage;

namespace Loudou.Web.Tests.Api;

/// <summary>POST /api/v1/tokens: a refused token names the body's own field, as Storage names it.</summary>
public class TokensApiTests
{
    [Theory]
    [InlineData("{\"expiresInDays\":0}", "expiresInDays", "expiresInDays must be between 1 and 3650 days, was 0.")]
    [InlineData("{\"user\":\"ghost\"}", "user", "no user 'ghost'.")]
    public async Task A_refused_token_names_the_field_of_the_body(string body, string field, string message)
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var root = web.ClientFor("root");

        var response = await root.PostAsync("/api/v1/tokens", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(e => e.Name));
        Assert.Equal([message], errors.GetProperty(field).EnumerateArray().Select(e => e.GetString()));
    }
}
