using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using MongoDB.Bson;
using PushGateway.Testing;
using PushGateway.Tests.Realtime;

namespace PushGateway.Tests.Dashboard;

/// <summary>The minimal browser sample (client-samples/browser), served from the gateway's origin, in headless Chromium.</summary>
[Collection(GatewayCollection.Name)]
public sealed class BrowserSampleTests(MongoTarget mongo)
{
    private readonly string _ns = $"{MongoTarget.NewDatabaseName("smp")}.orders";

    [SkippableFact]
    public async Task SamplePage_LiveInsert_IsListed()
    {
        Skip.If(HeadlessChromium.UnavailableReason is not null, HeadlessChromium.UnavailableReason);
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns], environment: "Development",
            services: s => s.AddSingleton<IStartupFilter>(new SampleFiles(SampleFolder())));
        await using var browser = await HeadlessChromium.OpenAsync(new Uri(gateway.BaseAddress, $"/samples/browser/index.html?tenant=t1&collection={_ns}"));
        await browser.WaitForAsync("document.body.dataset.state === 'subscribed'");

        await gateway.Collection(mongo, _ns).InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "sample-hello" } });
        var list = await browser.WaitForAsync("document.getElementById('changes').textContent.includes('sample-hello') && document.getElementById('changes').textContent");

        Assert.StartsWith("insert {\"_id\":", list.GetString(), StringComparison.Ordinal);
    }

    private static string SampleFolder([CallerFilePath] string sourceFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", "..", "client-samples", "browser"));

    /// <summary>Serves the sample folder at <c>/samples/browser</c> on the gateway's origin (what its README asks a user to do).</summary>
    private sealed class SampleFiles(string folder) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(folder), RequestPath = new PathString("/samples/browser") });
            next(app);
        };
    }
}
