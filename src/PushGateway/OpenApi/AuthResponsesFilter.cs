using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace PushGateway.OpenApi;

/// <summary>
/// Puts the Bearer requirement (the Swagger UI padlock) and the 401/403 answers on exactly the operations that require
/// authorization; anonymous ones (<c>POST /api/dev/token</c>, health) get neither.
/// </summary>
internal sealed class AuthResponsesFilter : IOperationFilter
{
    public const string BearerScheme = "Bearer";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any())
        {
            return;
        }

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [],
        });
        operation.Responses ??= [];
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No token, or the token is invalid or expired (signature, issuer, audience, lifetime)." });
        operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The token is valid but carries no tenant (claim `Auth:TenantClaim`) and no admin scope." });
    }
}
