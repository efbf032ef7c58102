using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Loudou.Web.Api.OpenApi;

/// <summary>Endpoint metadata: the answer carries the record's version as <c>ETag</c>; with <see cref="TakesIfMatch"/>, the request may send it back as <c>If-Match</c>.</summary>
/// <param name="What">The record in descriptions: "deal", "account", "contact".</param>
/// <param name="Required">Whether a write needs the version (deals) or takes it when given (accounts and contacts).</param>
public sealed record VersionMetadata(bool TakesIfMatch, string What, bool Required);

/// <summary>Declares the <c>ETag</c> answer header and the <c>If-Match</c> request header of the endpoints marked with <see cref="VersionMetadata"/>.</summary>
public sealed class VersionHeaders : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<VersionMetadata>().LastOrDefault() is not { } marked)
        {
            return Task.CompletedTask;
        }
        if (marked.TakesIfMatch)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Description = marked.Required
                    ? $"The {marked.What}'s version as its ETag gave it, such as \"7\"; or send \"version\" in the body. One of the two is required."
                    : $"The {marked.What}'s version as its ETag gave it, such as \"7\": the write is refused with 409 if the {marked.What} has changed since. Without it the write applies to whatever is stored.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^(W/)?\"[0-9]+\"$" },
            });
        }
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (status is "200" or "201" && response is OpenApiResponse withHeaders)
            {
                withHeaders.Headers ??= new Dictionary<string, IOpenApiHeader>();
                withHeaders.Headers["ETag"] = new OpenApiHeader
                {
                    Description = $"The {marked.What}'s version, quoted (\"7\"): send it back as If-Match to change the {marked.What}.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
        }
        return Task.CompletedTask;
    }
}

/// <summary>Marks versioned endpoints for <see cref="VersionHeaders"/>.</summary>
public static class VersionEndpoints
{
    public static RouteHandlerBuilder WithVersion(this RouteHandlerBuilder endpoint, bool takesIfMatch, string what = "deal", bool required = true) =>
        endpoint.WithMetadata(new VersionMetadata(takesIfMatch, what, required));
}
