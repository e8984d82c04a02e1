using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using PushGateway.Observability;
using PushGateway.Testing;

namespace PushGateway.Tests.Hosting;

/// <summary>Metrics carry <c>service.name</c> = pushgateway and histogram buckets that fit their unit.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ObservabilityTests(MongoTarget mongo)
{
    [Fact]
    public async Task Metrics_ServiceName_IsPushgateway()
    {
        await using var factory = new GatewayFactory(mongo);
        using var client = factory.CreateClient();

        var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Contains("service_name=\"pushgateway\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown_service", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s", 0.005, 3600)]
    [InlineData("ms", 1, 60_000)]
    public void MetricBuckets_GatewayHistogram_FitItsUnit(string unit, double first, double last)
    {
        using var meter = new Meter(GatewayMeter.Name);
        var histogram = meter.CreateHistogram<double>("pushgateway.test.duration", unit);

        var view = Assert.IsType<ExplicitBucketHistogramConfiguration>(MetricBuckets.For(histogram));

        Assert.Equal(first, view.Boundaries![0]);
        Assert.Equal(last, view.Boundaries[^1]);
    }
}
