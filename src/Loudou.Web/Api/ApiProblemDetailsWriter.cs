namespace Loudou.Web.Api;

/// <summary>Writes an API answer's ProblemDetails as JSON whatever the request's Accept header says.</summary>
/// <remarks>
/// The framework's writer gives up when Accept names neither JSON nor */* (text/html, application/xml,
/// garbage), leaving an error with an empty body. An API caller always gets the reason; pages keep
/// their own error handling. Registered after the default writer, so it only takes what that refuses.
/// </remarks>
public sealed class ApiProblemDetailsWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => ApiProblems.IsApi(context.HttpContext.Request);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Status ??= context.HttpContext.Response.StatusCode;
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(problem, problem.GetType(), options: null, contentType: "application/problem+json"));
    }
}
