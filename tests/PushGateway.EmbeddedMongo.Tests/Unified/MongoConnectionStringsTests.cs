using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>The cross-check targets' connection strings (PushGateway.Testing has no test project of its own).</summary>
public sealed class MongoConnectionStringsTests
{
    [Theory]
    [InlineData("mongodb://127.0.0.1:1", "mongodb://127.0.0.1:1/?directConnection=true")]
    [InlineData("mongodb://u:p@127.0.0.1:1/", "mongodb://u:p@127.0.0.1:1/?directConnection=true")]
    [InlineData("mongodb://127.0.0.1:1/?replicaSet=rs0", "mongodb://127.0.0.1:1/?replicaSet=rs0&directConnection=true")]
    [InlineData("mongodb://127.0.0.1:1/?directConnection=false", "mongodb://127.0.0.1:1/?directConnection=false")]
    [InlineData("mongodb://127.0.0.1:1/db?", "mongodb://127.0.0.1:1/db?directConnection=true")]
    public void WithOption_VariousConnectionStrings_AddsTheOptionOnce(string input, string expected)
    {
        Assert.Equal(expected, MongoConnectionStrings.WithOption(input, "directConnection=true"));
    }
}
