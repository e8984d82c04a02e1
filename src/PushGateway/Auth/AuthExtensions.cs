using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace PushGateway.Auth;

/// <summary>JWT bearer authentication for REST and the SignalR hub: OpenID Connect provider or shared HS256 key.</summary>
internal static class AuthExtensions
{
    /// <summary>
    /// What a provider may sign with. Asymmetric only: a provider's public key can never be used as an HMAC secret
    /// (key confusion), and <c>alg: none</c> is refused as well (signed tokens are required).
    /// </summary>
    private static readonly string[] AsymmetricAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    public static WebApplicationBuilder AddGatewayAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        builder.Services.AddSingleton<CallerResolver>();
        builder.Services.AddSingleton<DevTokenIssuer>();
        builder.Services.AddSingleton<GatewayBearerEvents>();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) => Configure(jwt, auth.Value))
            // Runs after JwtBearer's own post-configuration, which creates the configuration manager from Authority.
            .PostConfigure(jwt =>
            {
                if (jwt.ConfigurationManager is BaseConfigurationManager manager)
                {
                    // Without this, a key the provider removed keeps validating for an hour from a cached "last known good"
                    // configuration; a removed key must stop validating at the next refresh.
                    manager.UseLastKnownGoodConfiguration = false;
                }
            });

        builder.Services.AddSingleton<IAuthorizationHandler, CallerRequirementHandler>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, GatewayAuthorizationResultHandler>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(GatewayPolicies.Tenant, policy => policy.RequireAuthenticatedUser().AddRequirements(new CallerRequirement(AdminOnly: false)))
            .AddPolicy(GatewayPolicies.Admin, policy => policy.RequireAuthenticatedUser().AddRequirements(new CallerRequirement(AdminOnly: true)));
        return builder;
    }

    public static WebApplication MapGatewayAuth(this WebApplication app)
    {
        app.MapAuthApi();
        if (app.Environment.IsDevelopment())
        {
            // Lets the dashboard connect without an identity provider. Never mapped outside Development.
            app.MapDevTokenApi();
        }

        return app;
    }

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth)
    {
        jwt.MapInboundClaims = false;
        jwt.IncludeErrorDetails = false; // GatewayBearerEvents writes the RFC 6750 error itself, with a ProblemDetails body.
        jwt.EventsType = typeof(GatewayBearerEvents);
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidAudience = auth.Audience,
            ClockSkew = TimeSpan.FromSeconds(auth.ClockSkewSeconds),
            NameClaimType = GatewayClaims.Subject,
        };

        if (auth.UsesAuthority)
        {
            // Issuer and signing keys come from the provider's discovery document (ValidIssuer stays unset on purpose).
            jwt.Authority = auth.Authority;
            jwt.Audience = auth.Audience;
            jwt.RequireHttpsMetadata = auth.RequireHttpsMetadata;
            jwt.RefreshOnIssuerKeyNotFound = true;
            jwt.RefreshInterval = auth.MetadataRefreshInterval;
            jwt.AutomaticRefreshInterval = auth.MetadataAutomaticRefreshInterval;
            jwt.TokenValidationParameters.ValidAlgorithms = AsymmetricAlgorithms;
        }
        else if (!string.IsNullOrEmpty(auth.SigningKey))
        {
            jwt.TokenValidationParameters.ValidIssuer = auth.Issuer;
            jwt.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(auth.SigningKey));
            jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }
    }
}
