using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace PushGateway.Auth;

/// <summary>JWT bearer authentication for REST and the SignalR hub.</summary>
internal static class AuthExtensions
{
    /// <summary>Paths whose clients may pass the token in the <c>access_token</c> query string (WebSockets and SSE cannot set headers).</summary>
    public const string HubPathPrefix = "/hubs";

    public static WebApplicationBuilder AddGatewayAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        builder.Services.AddSingleton<CallerResolver>();
        builder.Services.AddSingleton<DevTokenIssuer>();

        // SaveToken off: nothing reads the raw token back, and a hub connection would keep a copy of it for its lifetime.
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o => o.SaveToken = false);
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) => Configure(jwt, auth.Value));

        builder.Services.AddSingleton<IAuthorizationHandler, CallerRequirementHandler>();
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
        jwt.IncludeErrorDetails = false;
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

        if (!string.IsNullOrWhiteSpace(auth.Authority))
        {
            jwt.Authority = auth.Authority;
            jwt.Audience = auth.Audience;
        }
        else if (!string.IsNullOrEmpty(auth.SigningKey))
        {
            jwt.TokenValidationParameters.ValidIssuer = auth.Issuer;
            jwt.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(auth.SigningKey));
            jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }

        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                var accessToken = context.Request.Query["access_token"];
                if (!string.IsNullOrEmpty(accessToken) && context.HttpContext.Request.Path.StartsWithSegments(HubPathPrefix))
                {
                    context.Token = accessToken;
                }

                return Task.CompletedTask;
            },
        };
    }
}
