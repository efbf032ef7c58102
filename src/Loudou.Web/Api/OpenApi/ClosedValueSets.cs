using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Loudou.Web.Api.OpenApi;

/// <summary>Strings with a closed set of values: a property marked <see cref="AllowedValuesAttribute"/> becomes an enum, so a generated client gets the values.</summary>
public sealed class ClosedValueSets : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var allowed = context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(AllowedValuesAttribute), inherit: true)
            .OfType<AllowedValuesAttribute>().FirstOrDefault();
        if (allowed is not null)
        {
            schema.Enum = [.. allowed.Values.Select(v => (JsonNode)JsonValue.Create(v?.ToString())!)];
        }
        return Task.CompletedTask;
    }
}
