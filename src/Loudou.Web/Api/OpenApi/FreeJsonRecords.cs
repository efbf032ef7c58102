using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Loudou.Web.Api.OpenApi;

/// <summary>Types the free JSON of an audit entry's record before and after as an object.</summary>
/// <remarks>
/// The framework documents a <see cref="JsonElement"/> as "any JSON" ({}), and a nullable one as
/// oneOf null or that; a null then matches both branches, which a oneOf forbids. Here it is always a
/// record's fields, so "object" is what it is, and null or object is one choice. A document
/// transformer, because the framework writes JsonElement's schema without calling schema transformers.
/// </remarks>
public sealed class FreeJsonRecords : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        if (document.Components?.Schemas?.TryGetValue(nameof(JsonElement), out var free) is true && free is OpenApiSchema schema)
        {
            schema.Type = JsonSchemaType.Object;
            schema.AdditionalPropertiesAllowed = true;
            schema.Description = "A record's fields as JSON.";
        }
        return Task.CompletedTask;
    }
}
