using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Loudou.Core;
using Loudou.Storage;
using Loudou.Storage.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary><c>/api/v1/tokens</c>: API tokens, managed by their owner and by admins.</summary>
/// <remarks>
/// Everyone lists, creates and revokes their own tokens; an admin sees and revokes everyone's and
/// may create one for another user (a service account). The token itself is in the creation's
/// answer only: it is stored as a hash and cannot be shown again.
/// </remarks>
public static class TokensApi
{
    public static void MapTokensApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/tokens").WithTags("Tokens");
        api.MapGet("/", ListAsync).WithName("ListTokens")
            .WithSummary("The caller's tokens (everyone's for an admin), newest first; never the tokens themselves.").WithProblems();
        api.MapPost("/", CreateAsync).WithName("CreateToken").Accepts<TokenBody>("application/json")
            .WithSummary("Creates a token for the caller (or, for an admin, for another user); the answer holds the token, shown this once.")
            .WithProblems(StatusCodes.Status403Forbidden);
        api.MapDelete("/{id}", RevokeAsync).WithName("RevokeToken")
            .WithSummary("Revokes a token: it stops working at its next call.")
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<IReadOnlyList<ApiTokenView>>, ProblemHttpResult>> ListAsync(HttpRequest request, ApiTokens tokens, CancellationToken cancellationToken) =>
        ApiResults.CheckQuery(request) is { } unknown ? unknown : TypedResults.Ok(await tokens.ListAsync(cancellationToken));

    private static async Task<Results<Created<CreatedTokenResource>, ProblemHttpResult>> CreateAsync(JsonElement body, HttpContext context, LoudouDbContext db, ApiTokens tokens, CancellationToken cancellationToken)
    {
        var read = new JsonBody(body, ["name", "expiresInDays", "user"]);
        var name = read.String("name");
        var days = read.Int("expiresInDays");
        var login = read.String("user") ?? context.User.Identity?.Name;
        if (name is { Length: > 100 })
        {
            read.Error("name", "name must be at most 100 characters.");
        }
        if (days is null && read.Given.Contains("expiresInDays") is false)
        {
            days = ApiTokens.DefaultExpiryDays;
        }
        if (!read.IsValid)
        {
            return ApiResults.Invalid(read.Errors);
        }
        if (!db.Scope.SeesAll && !string.Equals(login, context.User.Identity?.Name, StringComparison.OrdinalIgnoreCase))
        {
            return ApiResults.Forbidden("Only an admin creates a token for another user.");
        }
        try
        {
            var (token, record) = await tokens.CreateAsync(login!, days, ApiResults.Given(name), cancellationToken);
            return TypedResults.Created($"/api/v1/tokens/{record.Id}", new CreatedTokenResource(record.Id, login!, record.Name, record.ExpiresAt, token));
        }
        catch (DomainRuleException e)
        {
            return ApiResults.Invalid(e);
        }
    }

    /// <remarks>Not found is the only expected refusal; a rule the revocation breaks is a 409 that names it, never a 404.</remarks>
    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(int id, ApiTokens tokens, CancellationToken cancellationToken)
    {
        try
        {
            var revoked = await tokens.RevokeAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
            return revoked is null ? ApiResults.NotFound("token", id) : TypedResults.NoContent();
        }
        catch (DomainRuleException e)
        {
            return ApiResults.Problem(StatusCodes.Status409Conflict, "The token cannot be revoked.", e.Message, ("field", e.Field));
        }
    }
}

/// <summary>A new token's fields.</summary>
/// <param name="ExpiresInDays">1 to 3650; 90 when left out; null for a token that never expires.</param>
/// <param name="User">Another user's login (admins only); the caller when left out.</param>
public sealed record TokenBody([property: MaxLength(100)] string? Name = null, [property: Range(1, 3650)] int? ExpiresInDays = 90, string? User = null);

/// <summary>A token just created: <c>token</c> is shown this once.</summary>
public sealed record CreatedTokenResource(int Id, string User, string Name, DateTimeOffset? ExpiresAt, string Token);
