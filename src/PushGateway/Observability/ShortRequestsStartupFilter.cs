using PushGateway.Hosting;

namespace PushGateway.Observability;

/// <summary>
/// Wraps another startup filter so that the middlewares it adds run for every request except hub transport requests
/// (<see cref="LongLivedRequests"/>), which go straight on. Used for OpenTelemetry's <c>error.type</c> middleware: it
/// awaits the whole request to tag a 5xx response, so every hub connection would keep its suspended frame for its
/// lifetime, and a hub transport request never answers with a 5xx of its own (an exception is tagged by ASP.NET Core).
/// </summary>
internal sealed class ShortRequestsStartupFilter(IStartupFilter inner) : IStartupFilter
{
    /// <summary>The OpenTelemetry filter this wraps (internal to OpenTelemetry.Instrumentation.AspNetCore; ASP.NET Core 11 makes it unnecessary).</summary>
    public const string ErrorTypeFilterName = "HttpServerErrorTypeStartupFilter";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(rest =>
        {
            var branch = app.New();
            inner.Configure(b => b.Run(rest))(branch);
            var wrapped = branch.Build();
            return context => LongLivedRequests.IsHubTransport(context) ? rest(context) : wrapped(context);
        });
        next(app);
    };

    /// <summary>Replaces the registration of the startup filter named <paramref name="name"/>, if there is one, by this wrapper around it.</summary>
    public static void Wrap(IServiceCollection services, string name)
    {
        for (var i = 0; i < services.Count; i++)
        {
            if (services[i] is { ServiceType: var type, ImplementationType: { } implementation } && type == typeof(IStartupFilter) && implementation.Name == name
                && Activator.CreateInstance(implementation) is IStartupFilter filter)
            {
                services[i] = ServiceDescriptor.Singleton<IStartupFilter>(new ShortRequestsStartupFilter(filter));
            }
        }
    }
}
