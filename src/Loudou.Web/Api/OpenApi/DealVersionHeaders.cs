using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Loudou.Web.Api.OpenApi;

/// <summary>Endpoint metadata: the answer carries the deal's version as <c>ETag</c>; with <see cref="TakesIfMatch"/>, the request may send it back as <c>If-Match</c>.</summary>
public sealed record DealVersionMetadata(bool TakesIfMatch);

/// <summary>Declares the <c>ETag</c> answer header and the <c>If-Match</c> request header of the endpoints marked with <see cref="DealVersionMetadata"/>.</summary>
public sealed class DealVersionHeaders : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<DealVersionMetadata>().LastOrDefault() is not { } marked)
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
                Description = "The deal's version as its ETag gave it, such as \"7\"; or send \"version\" in the body. One of the two is required.",
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
                    Description = "The deal's version, quoted (\"7\"): send it back as If-Match to change the deal.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
        }
        return Task.CompletedTask;
    }
}

/// <summary>Marks deal endpoints for <see cref="DealVersionHeaders"/>.</summary>
public static class DealVersionEndpoints
{
    public static RouteHandlerBuilder WithDealVersion(this RouteHandlerBuilder endpoint, bool takesIfMatch) =>
        endpoint.WithMetadata(new DealVersionMetadata(takesIfMatch));
}
