using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;

namespace Loudou.Web.Api.OpenApi;

/// <summary>The OpenAPI document at /openapi/v1.json, made complete enough to generate a client from it without hand edits.</summary>
/// <remarks>
/// What the framework cannot infer is declared here: the bearer token, the deal version headers,
/// the bodies that handlers read field by field (to name every bad field in one 400), and the
/// closed sets of values of some strings. docs/web.md tells client authors what to expect.
/// </remarks>
public static class OpenApiSetup
{
    public static IServiceCollection AddLoudouOpenApi(this IServiceCollection services)
    {
        // Numbers are numbers: without this the document types every number "integer or string"
        // (the web default reads "42" as 42), which generated clients cannot use.
        services.Configure<JsonOptions>(o => o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Loudou API";
                document.Info.Description = "Deals, accounts, contacts, activities, tasks, pipelines, the audit log and API tokens, in the caller's scope. docs/web.md and docs/access.md describe it.";
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer<BearerTokenScheme>();
            options.AddDocumentTransformer<FreeJsonRecords>();
            options.AddOperationTransformer<DeclaredRequestBodies>();
            options.AddOperationTransformer<VersionHeaders>();
            options.AddSchemaTransformer<ClosedValueSets>();
        });
        return services;
    }
}
