using Loudou.Storage.Records;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary>The answers every /api/v1 resource shares: 400 naming fields, 404 that reveals nothing, 403, 409.</summary>
public static class ApiResults
{
    public const int DefaultPageSize = 50;

    /// <summary>A 400 whose errors name each bad field and whose detail repeats them for people.</summary>
    /// <remarks>A problem result like every other refusal, so that a write's typed answer is one union: what it made, or a problem.</remarks>
    public static ProblemHttpResult Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary(StringComparer.Ordinal))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
            Detail = string.Join(" ", errors.Values.SelectMany(e => e)),
        });

    /// <summary>A 400 naming the one field a broken rule names.</summary>
    public static ProblemHttpResult Invalid(Core.DomainRuleException rule) => Invalid(new Dictionary<string, string[]> { [rule.Field] = [rule.Message] });

    /// <summary>The same answer for a record that does not exist and one outside the caller's scope.</summary>
    public static ProblemHttpResult NotFound(string what, object id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No such {what}.", detail: $"There is no {what} {id}.");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed for your role.", detail: detail);

    public static ProblemHttpResult Problem(int status, string title, string detail, (string Key, object? Value)? extension = null) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail,
            extensions: extension is { } e ? new Dictionary<string, object?> { [e.Key] = e.Value } : null);

    /// <summary>The answer to a write that was not done, or null when it was.</summary>
    /// <param name="what">The record's name in messages: "account", "task"…</param>
    public static ProblemHttpResult? Refusal(WriteResult result, string what, object id) => result.Status switch
    {
        WriteStatus.Done => null,
        WriteStatus.NotFound => NotFound(what, id),
        WriteStatus.Invalid => Invalid(result.Errors!),
        WriteStatus.Forbidden => Forbidden(result.Message!),
        WriteStatus.VersionConflict => Problem(StatusCodes.Status409Conflict, $"The {what} has changed.",
            $"The {what} is now at version {result.Version}, not the one you sent in If-Match. Read it again and retry.", ("currentVersion", result.Version)),
        _ => Problem(StatusCodes.Status409Conflict, $"The {what} cannot be changed so.", result.Message!),
    };

    /// <summary>The record as it is after a write; 204 when the write took it out of the caller's sight.</summary>
    public static Results<Ok<T>, NoContent, ProblemHttpResult> OkOrGone<T>(T? value) where T : class =>
        value is null ? TypedResults.NoContent() : TypedResults.Ok(value);

    /// <summary>
    /// Checks a list's query string: only the named parameters, each at most once, and a page and
    /// page size in range. A misspelt filter is refused rather than silently returning everything.
    /// </summary>
    /// <returns>The errors by parameter; empty when the query is good.</returns>
    public static Dictionary<string, string[]> CheckListQuery(HttpRequest request, IReadOnlySet<string> parameters, int? page, int? pageSize)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, values) in request.Query)
        {
            if (!parameters.Contains(key))
            {
                errors[key] = [$"unknown parameter '{key}'; this list takes {string.Join(", ", parameters)}."];
            }
            else if (values.Count > 1)
            {
                errors[key] = [$"{key} is given {values.Count} times; give it once."];
            }
        }
        CheckPaging(errors, page, pageSize);
        return errors;
    }

    /// <summary>Adds an error for a page below 1 or a page size outside 1 to <see cref="Paging.MaxPageSize"/>.</summary>
    public static void CheckPaging(Dictionary<string, string[]> errors, int? page, int? pageSize)
    {
        if (page is < 1)
        {
            errors["page"] = [$"page must be 1 or more, was {page}."];
        }
        if (pageSize is < 1 or > Paging.MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be from 1 to {Paging.MaxPageSize}, was {pageSize}."];
        }
    }

    /// <summary>Checks the query string of an answer that takes no parameters (or only the named ones): an unknown one is refused, as by the lists.</summary>
    /// <returns>A 400 naming the unknown parameters, or null when there are none.</returns>
    public static ProblemHttpResult? CheckQuery(HttpRequest request, params string[] parameters) => CheckQuery(request.Query, parameters);

    /// <summary>A refusal as one sentence for a page: each invalid parameter's message, else the detail (or title).</summary>
    public static string? Reason(ProblemHttpResult problem) => problem.ProblemDetails is HttpValidationProblemDetails { Errors.Count: > 0 } invalid
        ? string.Join(" ", invalid.Errors.SelectMany(e => e.Value))
        : problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title;

    /// <summary>Names every parameter of a query string that is not among <paramref name="parameters"/>.</summary>
    public static ProblemHttpResult? CheckQuery(IQueryCollection query, params string[] parameters)
    {
        var unknown = query.Keys.Where(k => !parameters.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        var takes = parameters.Length == 0 ? "this answer takes no parameters" : $"this answer takes {string.Join(", ", parameters)}";
        return unknown.Count == 0 ? null : Invalid(unknown.ToDictionary(k => k, k => new[] { $"unknown parameter '{k}'; {takes}." }, StringComparer.Ordinal));
    }

    /// <summary>The parameters every list takes, with its own filters.</summary>
    public static IReadOnlySet<string> ListParameters(params string[] filters) =>
        new HashSet<string>(["page", "pageSize", .. filters], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Declares in the OpenAPI document the ProblemDetails answers an endpoint gives besides its
    /// typed results: always 401 (no sign-in or token) and 400 (a malformed request), then these.
    /// </summary>
    public static RouteHandlerBuilder WithProblems(this RouteHandlerBuilder endpoint, params int[] statuses)
    {
        endpoint.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesValidationProblem();
        foreach (var status in statuses)
        {
            endpoint.ProducesProblem(status);
        }
        return endpoint;
    }

    /// <summary>A filter value as given, or null when blank (<see cref="TypedText.OrNull"/>).</summary>
    public static string? Given(string? value) => TypedText.OrNull(value);
}

/// <summary>One page of a list: <c>{ "items": [...], "page": 1, "pageSize": 50, "total": N }</c>.</summary>
/// <param name="Total">Records on all pages, counted in the caller's scope.</param>
public sealed record PageResource<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);
