using Microsoft.OpenApi;
using PushGateway.Filters;
using PushGateway.Webhooks.Api;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace PushGateway.OpenApi;

/// <summary>
/// Marks the request fields the API refuses to go without. Request records keep every property nullable so that a
/// missing field is reported as a ValidationProblem naming it rather than a binding failure; the schema still says
/// which ones are required.
/// </summary>
internal sealed class RequiredFieldsFilter : ISchemaFilter
{
    private static readonly Dictionary<Type, string[]> Required = new()
    {
        [typeof(WebhookRequest)] = ["url", "collections"],
        [typeof(FilterValidationRequest)] = ["filter"],
        [typeof(RecoverRequest)] = ["since"],
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete || !Required.TryGetValue(context.Type, out var names))
        {
            return;
        }

        concrete.Required ??= new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            concrete.Required.Add(name);
        }
    }
}
