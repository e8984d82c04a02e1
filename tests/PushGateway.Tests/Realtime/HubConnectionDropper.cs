using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace PushGateway.Tests.Realtime;

/// <summary>Test-only middleware that remembers hub requests so a test can cut their TCP connections (a network drop).</summary>
internal sealed class HubConnectionDropper : IStartupFilter
{
    private readonly List<HttpContext> _open = [];

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, proceed) =>
        {
            if (!context.Request.Path.StartsWithSegments("/hubs", StringComparison.Ordinal))
            {
                await proceed(context);
                return;
            }

            lock (_open)
            {
                _open.Add(context);
            }

            try
            {
                await proceed(context);
            }
            finally
            {
                lock (_open)
                {
                    _open.Remove(context);
                }
            }
        });
        next(app);
    };

    /// <summary>Aborts every open hub request; returns how many.</summary>
    public int DropAll()
    {
        lock (_open)
        {
            foreach (var context in _open)
            {
                context.Abort();
            }

            return _open.Count;
        }
    }
}
