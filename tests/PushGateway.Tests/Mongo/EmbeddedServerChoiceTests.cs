using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using PushGateway.Testing;

namespace PushGateway.Tests.Mongo;

[Collection(GatewayCollection.Name)]
public sealed class EmbeddedServerChoiceTests(MongoTarget mongo)
{
    [Fact]
    public void Start_ProductionWithoutConnectionString_FailsNamingTheSetting()
    {
        using var factory = new GatewayFactory(mongo).WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Mongo:ConnectionString", "");
        });

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Mongo:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("Mongo:AllowEmbeddedInProduction", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ProductionWithConnectionString_Starts()
    {
        using var factory = new GatewayFactory(mongo).WithWebHostBuilder(b => b.UseEnvironment("Production"));
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.True(response.IsSuccessStatusCode);
    }
}
