using Microsoft.Extensions.Options;
using PushGateway.ChangeStreams;

namespace PushGateway.Demo;

/// <summary>
/// Registers the demo writer and its watched collections when <c>Demo:Enabled</c> (see <see cref="DemoOptions.Enabled"/>).
/// Demo data is only ever written to the embedded server: with <c>Mongo:ConnectionString</c> set, the database is the
/// user's own, and <c>Demo:Enabled</c> is ignored with a log line saying so.
/// </summary>
internal static class DemoExtensions
{
    public static readonly string[] Collections = ["products", "orders", "customers"];

    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var configured = builder.Configuration.GetValue<bool?>($"{DemoOptions.SectionName}:{nameof(DemoOptions.Enabled)}");
        var embedded = string.IsNullOrWhiteSpace(builder.Configuration["Mongo:ConnectionString"]);
        if (configured == true && !embedded)
        {
            builder.Services.AddHostedService<DemoRefusal>();
            return builder;
        }

        if (!(configured ?? builder.Environment.IsDevelopment()) || !embedded)
        {
            return builder;
        }

        builder.Services.PostConfigure<GatewayOptions>(gateway =>
        {
            var database = builder.Configuration[$"{DemoOptions.SectionName}:{nameof(DemoOptions.Database)}"] ?? "shop";
            foreach (var collection in Collections)
            {
                if (!gateway.Watch.Any(w => w.Database == database && w.Collection == collection))
                {
                    gateway.Watch.Add(new WatchOptions { Database = database, Collection = collection });
                }
            }
        });
        builder.Services.AddHostedService<DemoWriter>();
        return builder;
    }
}
