using Microsoft.Extensions.Options;
using PushGateway.Webhooks;
using PushGateway.Webhooks.Delivery;

namespace PushGateway.Tests.Webhooks;

public sealed class RetryPolicyTests
{
    private readonly RetryPolicy _policy = new(Options.Create(new WebhookOptions()));

    [Fact]
    public void NextDelay_DefaultSchedule_IsStandardWebhooksWithinJitter()
    {
        TimeSpan[] expected =
        [
            TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5),
            TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24),
        ];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i] * 0.8, _policy.NextDelay(i + 1, null, 0.0));
            Assert.Equal(expected[i], _policy.NextDelay(i + 1, null, 0.5));
            Assert.Equal(expected[i] * 1.2, _policy.NextDelay(i + 1, null, 1.0));
        }
    }

    [Fact]
    public void NextDelay_ScheduleExhausted_Null() => Assert.Null(_policy.NextDelay(10, null, 0.5));

    [Fact]
    public void NextDelay_RetryAfterLonger_HonoursRetryAfter() =>
        Assert.Equal(TimeSpan.FromMinutes(2), _policy.NextDelay(1, TimeSpan.FromMinutes(2), 0.5));

    [Fact]
    public void NextDelay_RetryAfterBeyondCap_Capped() =>
        Assert.Equal(TimeSpan.FromHours(24), _policy.NextDelay(1, TimeSpan.FromDays(30), 0.5));

    [Fact]
    public void NextDelay_ConfiguredSchedule_Used()
    {
        var policy = new RetryPolicy(Options.Create(new WebhookOptions { RetrySchedule = [TimeSpan.FromSeconds(1)], RetryJitter = 0 }));

        Assert.Equal(TimeSpan.FromSeconds(1), policy.NextDelay(1, null, 0.9));
        Assert.Null(policy.NextDelay(2, null, 0.9));
    }
}
