using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Loudou.Storage.Accounts;
using Loudou.Storage.Records;
using Loudou.Web.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary><c>/api/v1/accounts</c> and <c>/api/v1/contacts</c>: the companies deals are with and their people, in the caller's scope.</summary>
/// <remarks>Who may do what is decided in <see cref="AccountStore"/> and <see cref="ContactStore"/>; docs/access.md lists it.</remarks>
public static class AccountsApi
{
    private static readonly IReadOnlySet<string> AccountListParameters = ApiResults.ListParameters("q");
    private static readonly IReadOnlySet<string> ContactListParameters = ApiResults.ListParameters("q", "account");

    public static void MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/api/v1/accounts").WithTags("Accounts");
        accounts.MapGet("/", ListAccountsAsync).WithName("ListAccounts")
            .WithSummary("Lists the accounts the caller sees (those of their deals), by name.").WithProblems();
        accounts.MapGet("/{id}", GetAccountAsync).WithName("GetAccount")
            .WithSummary("Reads one account; one the caller does not see is 404.").WithProblems(StatusCodes.Status404NotFound)
            .WithVersion(takesIfMatch: false, "account");
        accounts.MapPost("/", CreateAccountAsync).WithName("CreateAccount").Accepts<AccountBody>("application/json")
            .WithSummary("Creates an account on its own (admins); others create an account with its deal.")
            .WithProblems(StatusCodes.Status403Forbidden);
        accounts.MapPatch("/{id}", UpdateAccountAsync).WithName("UpdateAccount").Accepts<AccountBody>("application/merge-patch+json", "application/json")
            .WithSummary("Corrects an account's details as a JSON merge patch; anyone who sees it. With If-Match, refused if the account changed since.")
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithVersion(takesIfMatch: true, "account", required: false);
        accounts.MapDelete("/{id}", DeleteAccountAsync).WithName("DeleteAccount")
            .WithSummary("Deletes an account no deal uses (admins).")
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        var contacts = app.MapGroup("/api/v1/contacts").WithTags("Contacts");
        contacts.MapGet("/", ListContactsAsync).WithName("ListContacts")
            .WithSummary("Lists the contacts the caller sees (at the accounts of their deals), by name.").WithProblems();
        contacts.MapGet("/{id}", GetContactAsync).WithName("GetContact")
            .WithSummary("Reads one contact; one the caller does not see is 404.").WithProblems(StatusCodes.Status404NotFound)
            .WithVersion(takesIfMatch: false, "contact");
        contacts.MapPost("/", CreateContactAsync).WithName("CreateContact").Accepts<ContactBody>("application/json")
            .WithSummary("Adds a contact at an account the caller sees.")
            .WithProblems();
        contacts.MapPatch("/{id}", UpdateContactAsync).WithName("UpdateContact").Accepts<ContactBody>("application/merge-patch+json", "application/json")
            .WithSummary("Corrects a contact as a JSON merge patch; anyone who sees it. With If-Match, refused if the contact changed since.")
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithVersion(takesIfMatch: true, "contact", required: false);
        contacts.MapDelete("/{id}", DeleteContactAsync).WithName("DeleteContact")
            .WithSummary("Deletes a contact (managers and admins); deals that named it keep no main contact.")
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<PageResource<AccountView>>, ProblemHttpResult>> ListAccountsAsync(
        HttpRequest request, AccountStore store,
        [Description("Page number, from 1."), Range(1, int.MaxValue)] int? page,
        [Description("Accounts per page, 1 to 1000; 50 by default."), Range(1, Paging.MaxPageSize)] int? pageSize,
        [Description("Text in the name (ignoring case), or a whole credit code.")] string? q,
        CancellationToken cancellationToken)
    {
        var errors = ApiResults.CheckListQuery(request, AccountListParameters, page, pageSize);
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }
        var result = await store.ListAsync(ApiResults.Given(q), page ?? 1, pageSize ?? ApiResults.DefaultPageSize, cancellationToken);
        return TypedResults.Ok(new PageResource<AccountView>(result.Items, result.Number, result.Size, result.Total));
    }

    private static async Task<Results<Ok<AccountView>, ProblemHttpResult>> GetAccountAsync(long id, AccountStore store, HttpResponse response, CancellationToken cancellationToken) =>
        Tagged(await store.GetAsync(id, cancellationToken), a => a.Version, response) is { } account ? TypedResults.Ok(account) : ApiResults.NotFound("account", id);

    private static async Task<Results<Created<AccountView>, ProblemHttpResult>> CreateAccountAsync(JsonElement body, AccountStore store, CancellationToken cancellationToken)
    {
        var (fields, errors) = ReadAccount(body);
        if (errors is not null)
        {
            return ApiResults.Invalid(errors);
        }
        var result = await store.CreateAsync(fields, cancellationToken);
        if (ApiResults.Refusal(result, "account", "") is { } refusal)
        {
            return refusal;
        }
        return TypedResults.Created($"/api/v1/accounts/{result.Id}", await store.GetAsync(result.Id!.Value, cancellationToken));
    }

    private static async Task<Results<Ok<AccountView>, NoContent, ProblemHttpResult>> UpdateAccountAsync(
        long id, JsonElement body, AccountStore store, HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var (fields, errors) = ReadAccount(body);
        var (expected, versionError) = VersionTags.Expected(request, null, "account");
        if (errors is not null || versionError is not null)
        {
            return ApiResults.Invalid(WithVersionError(errors, versionError));
        }
        if (ApiResults.Refusal(await store.UpdateAsync(id, fields, expected, cancellationToken), "account", id) is { } refusal)
        {
            return refusal;
        }
        return ApiResults.OkOrGone(Tagged(await store.GetAsync(id, cancellationToken), a => a.Version, response));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAccountAsync(long id, AccountStore store, CancellationToken cancellationToken) =>
        ApiResults.Refusal(await store.DeleteAsync(id, cancellationToken), "account", id) is { } refusal ? refusal : TypedResults.NoContent();

    private static async Task<Results<Ok<PageResource<ContactView>>, ProblemHttpResult>> ListContactsAsync(
        HttpRequest request, ContactStore store,
        [Description("Page number, from 1."), Range(1, int.MaxValue)] int? page,
        [Description("Contacts per page, 1 to 1000; 50 by default."), Range(1, Paging.MaxPageSize)] int? pageSize,
        [Description("Text in the name (ignoring case), or a whole phone number or e-mail address.")] string? q,
        [Description("An account's id: only its contacts.")] long? account,
        CancellationToken cancellationToken)
    {
        var errors = ApiResults.CheckListQuery(request, ContactListParameters, page, pageSize);
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }
        var result = await store.ListAsync(ApiResults.Given(q), account, page ?? 1, pageSize ?? ApiResults.DefaultPageSize, cancellationToken);
        return TypedResults.Ok(new PageResource<ContactView>(result.Items, result.Number, result.Size, result.Total));
    }

    private static async Task<Results<Ok<ContactView>, ProblemHttpResult>> GetContactAsync(long id, ContactStore store, HttpResponse response, CancellationToken cancellationToken) =>
        Tagged(await store.GetAsync(id, cancellationToken), c => c.Version, response) is { } contact ? TypedResults.Ok(contact) : ApiResults.NotFound("contact", id);

    private static async Task<Results<Created<ContactView>, ProblemHttpResult>> CreateContactAsync(JsonElement body, ContactStore store, CancellationToken cancellationToken)
    {
        var (fields, errors) = ReadContact(body);
        if (errors is not null)
        {
            return ApiResults.Invalid(errors);
        }
        var result = await store.CreateAsync(fields, cancellationToken);
        if (ApiResults.Refusal(result, "contact", "") is { } refusal)
        {
            return refusal;
        }
        return TypedResults.Created($"/api/v1/contacts/{result.Id}", await store.GetAsync(result.Id!.Value, cancellationToken));
    }

    private static async Task<Results<Ok<ContactView>, NoContent, ProblemHttpResult>> UpdateContactAsync(
        long id, JsonElement body, ContactStore store, HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var (fields, errors) = ReadContact(body);
        var (expected, versionError) = VersionTags.Expected(request, null, "contact");
        if (errors is not null || versionError is not null)
        {
            return ApiResults.Invalid(WithVersionError(errors, versionError));
        }
        if (ApiResults.Refusal(await store.UpdateAsync(id, fields, expected, cancellationToken), "contact", id) is { } refusal)
        {
            return refusal;
        }
        return ApiResults.OkOrGone(Tagged(await store.GetAsync(id, cancellationToken), c => c.Version, response));
    }

    /// <summary>The record, its version set as the answer's ETag when there is one.</summary>
    private static T? Tagged<T>(T? record, Func<T, int> version, HttpResponse response) where T : class
    {
        if (record is not null)
        {
            response.Headers.ETag = VersionTags.ETag(version(record));
        }
        return record;
    }

    private static Dictionary<string, string[]> WithVersionError(Dictionary<string, string[]>? errors, string? versionError)
    {
        var all = errors ?? new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (versionError is not null)
        {
            all["If-Match"] = [versionError];
        }
        return all;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteContactAsync(long id, ContactStore store, CancellationToken cancellationToken) =>
        ApiResults.Refusal(await store.DeleteAsync(id, cancellationToken), "contact", id) is { } refusal ? refusal : TypedResults.NoContent();

    private static (AccountFields Fields, Dictionary<string, string[]>? Errors) ReadAccount(JsonElement body)
    {
        var read = new JsonBody(body, AccountFields.Fields);
        var fields = new AccountFields(read.Given, read.String("name"), read.String("industry"), read.String("sizeBand"), read.String("region"), read.String("creditCode"));
        return (fields, read.IsValid ? null : read.Errors);
    }

    private static (ContactFields Fields, Dictionary<string, string[]>? Errors) ReadContact(JsonElement body)
    {
        var read = new JsonBody(body, ContactFields.Fields);
        var fields = new ContactFields(read.Given, read.String("name"), read.String("title"), read.String("phone"), read.String("email"), read.String("weChat"), read.Long("account"));
        return (fields, read.IsValid ? null : read.Errors);
    }
}

/// <summary>An account's fields, for the OpenAPI document.</summary>
public sealed record AccountBody(string? Name = null, string? Industry = null, string? SizeBand = null, string? Region = null, string? CreditCode = null);

/// <summary>A contact's fields, for the OpenAPI document.</summary>
/// <param name="Account">The id of the account the contact works at.</param>
public sealed record ContactBody(string? Name = null, string? Title = null, string? Phone = null, string? Email = null, string? WeChat = null, long? Account = null);
