using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using PushGateway.Testing;

namespace PushGateway.Tests.Hosting;

[Collection(GatewayCollection.Name)]
public sealed class StartupValidationTests(MongoTarget mongo)
{
    [Theory]
    [InlineData("")]
    [InlineData("too-short")]
    public void Start_SigningKeyMissingOrShort_FailsNamingTheSetting(string key)
    {
        using var factory = new GatewayFactory(mongo).WithWebHostBuilder(b => b.UseSetting("Auth:SigningKey", key));

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Auth:SigningKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_InvalidDatabaseName_FailsNamingTheSetting()
    {
        using var factory = new GatewayFactory(mongo).WithWebHostBuilder(b => b.UseSetting("Mongo:Database", "bad/name"));

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Mongo:Database", error.Message, StringComparison.Ordinal);
    }
}
