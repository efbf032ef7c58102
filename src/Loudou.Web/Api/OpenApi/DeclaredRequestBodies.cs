using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Loudou.Web.Api.OpenApi;

/// <summary>Types the bodies that handlers read as raw JSON with the record named by <c>Accepts&lt;T&gt;</c>.</summary>
/// <remarks>
/// Handlers take a <see cref="JsonElement"/> and read it with <see cref="JsonBody"/>, which tells a
/// field left out from one sent as null and names every bad field in one 400; binding a record would
/// stop at the first bad field. The framework then documents the body as "any JSON", so this puts
/// the record's schema in its place.
/// </remarks>
public sealed class DeclaredRequestBodies : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var declared = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAcceptsMetadata>()
            .LastOrDefault(m => m.RequestType is not null && m.RequestType != typeof(JsonElement));
        if (declared is null || operation.RequestBody?.Content is not { } content)
        {
            return;
        }
        // A named component, so that a generated client gets a class named after the record (DealPatchBody), not after the route.
        var name = declared.RequestType!.Name;
        if (context.Document is { } document && document.Components?.Schemas?.ContainsKey(name) is not true)
        {
            document.AddComponent(name, await context.GetOrCreateSchemaAsync(declared.RequestType, cancellationToken: cancellationToken));
        }
        foreach (var media in content.Values.OfType<OpenApiMediaType>())
        {
            media.Schema = new OpenApiSchemaReference(name, context.Document);
        }
    }
}
