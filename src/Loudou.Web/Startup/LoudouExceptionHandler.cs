using System.Text.RegularExpressions;
using Loudou.Core;
using Loudou.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Loudou.Web.Startup;

/// <summary>Maps Loudou's exceptions to ProblemDetails; nothing else ever shows a trace.</summary>
public sealed partial class LoudouExceptionHandler(IProblemDetailsService problemDetails, ILogger<LoudouExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            DomainRuleException => (StatusCodes.Status400BadRequest, "The request breaks a rule."),
            DatabaseUnavailableException or DatabaseNotMigratedException => (StatusCodes.Status503ServiceUnavailable, "The database is not available."),
            LoudouException => (StatusCodes.Status400BadRequest, "The request cannot be carried out."),
            BadHttpRequestException bad => (bad.StatusCode, "The request is malformed."),
            _ => (StatusCodes.Status500InternalServerError, "Something went wrong on our side."),
        };
        if (status >= 500)
        {
            LogFailure(logger, exception, httpContext.Request.Path);
        }
        var problem = new ProblemDetails { Status = status, Title = title };
        // A rule's message helps the caller; a database's name, host and user are not the caller's business.
        if (exception is LoudouException and not (DatabaseUnavailableException or DatabaseNotMigratedException))
        {
            problem.Detail = exception.Message;
        }
        if (exception is DomainRuleException rule)
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [rule.Field] = [rule.Message] };
        }
        if (exception is BadHttpRequestException binding)
        {
            // The framework's binding messages name the parameter and the value, e.g.
            // Failed to bind parameter "int? page" from "abc". Nothing in them is internal.
            problem.Detail = binding.Message;
            if (binding.InnerException is System.Text.Json.JsonException { Path: { Length: > 2 } path } json)
            {
                // A body field of the wrong type: name the field ($.amount → amount), not the whole body.
                var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
                problem.Detail = $"{field}: the value is not of the expected type ({json.Message.Split(" Path:")[0]})";
                problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [problem.Detail] };
            }
            else if (BoundParameter().Match(binding.Message) is { Success: true } match)
            {
                // A parameter bound with [AsParameters] is named by its property (MinN); the caller knows it as the query's minN.
                problem.Extensions["errors"] = new Dictionary<string, string[]> { [System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(match.Groups[1].Value)] = [binding.Message] };
            }
        }
        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    [GeneratedRegex("""parameter "(?:[^"]*\s)?([A-Za-z_][A-Za-z0-9_]*)"\s""")]
    private static partial Regex BoundParameter();

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Path} failed.")]
    private static partial void LogFailure(ILogger logger, Exception exception, string path);
}
