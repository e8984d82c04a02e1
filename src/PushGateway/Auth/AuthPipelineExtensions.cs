namespace PushGateway.Auth;

/// <summary>Places authentication and authorization in the request pipeline.</summary>
internal static class AuthPipelineExtensions
{
    /// <summary>
    /// ASP.NET Core's authentication and authorization middlewares, between the two halves of <see cref="HubAuthGate"/>
    /// so that a hub connection does not keep them suspended for its lifetime.
    /// </summary>
    public static WebApplication UseGatewayAuth(this WebApplication app)
    {
        var gate = new HubAuthGate(app.Services.GetRequiredService<IServiceScopeFactory>());
        app.Use(gate.Enter);
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(gate.Exit);
        return app;
    }
}
