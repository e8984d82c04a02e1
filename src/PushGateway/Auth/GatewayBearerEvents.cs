using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace PushGateway.Auth;

/// <summary>
/// Token events: takes the hub's <c>access_token</c> query value, checks the tenant claim's shape, keeps a slim principal
/// (<see cref="SlimPrincipal"/>), logs each refused token once (reason and <c>sub</c>, never the token) and answers a
/// failed challenge with the reason.
/// </summary>
internal sealed class GatewayBearerEvents(IOptions<AuthOptions> options, ILogger<GatewayBearerEvents> logger) : JwtBearerEvents
{
    public override Task MessageReceived(MessageReceivedContext context)
    {
        if (BearerToken.FromQuery(context.Request) is { } token)
        {
            context.Token = token;
        }

        return Task.CompletedTask;
    }

    public override Task TokenValidated(TokenValidatedContext context)
    {
        if (context.Principal is { } principal)
        {
            TenantClaimShape.Mark(principal, context.SecurityToken, options.Value.TenantClaim);
            // A hub request lives as long as its connection: keep only what the gateway reads, not the parsed token.
            context.Principal = SlimPrincipal.From(principal, options.Value);
        }

        return Task.CompletedTask;
    }

    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        var token = BearerToken.Peek(BearerToken.Find(context.Request));
        if (TokenRefusal.IsMetadataFailure(context.Exception))
        {
            AuthLog.MetadataUnavailable(logger, options.Value.Authority ?? "", context.Exception.Message);
        }
        else
        {
            var reason = TokenRefusal.Describe(context.Exception, token, options.Value.Audience, context.Options.TokenValidationParameters.ValidAlgorithms);
            AuthLog.TokenRefused(logger, context.Request.Path, reason, BearerToken.SubjectForLog(token));
        }

        return Task.CompletedTask;
    }

    public override async Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        if (context.AuthenticateFailure is null)
        {
            await BearerResponses.WriteMissingTokenAsync(context.HttpContext);
            return;
        }

        var token = BearerToken.Peek(BearerToken.Find(context.Request));
        var reason = TokenRefusal.Describe(context.AuthenticateFailure, token, options.Value.Audience, context.Options.TokenValidationParameters.ValidAlgorithms);
        await BearerResponses.WriteErrorAsync(context.HttpContext, StatusCodes.Status401Unauthorized, BearerErrors.InvalidToken, reason);
    }
}
