using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PushGateway.Demo;
using PushGateway.Testing;

namespace PushGateway.Tests.Demo;

[Collection(GatewayCollection.Name)]
public sealed class DemoExtensionsTests(MongoTarget mongo)
{
    [Theory]
    [InlineData("Development", null)]
    [InlineData("Development", "true")]
    [InlineData("Testing", "true")]
    public void AddDemo_OwnConnectionString_WritesNoDemoData(string environment, string? enabled)
    {
        using var factory = new GatewayFactory(mongo).WithWebHostBuilder(b =>
        {
            b.UseEnvironment(environment);
            b.UseSetting("Demo:Enabled", enabled);
        });

        var hosted = factory.Services.GetServices<IHostedService>().ToList();

        Assert.DoesNotContain(hosted, s => s is DemoWriter);
        Assert.Equal(enabled == "true", hosted.Any(s => s is DemoRefusal));
    }
}
