using System.Text;
using Microsoft.AspNetCore.Http;
using PushGateway.Webhooks.Secrets;
using PushGateway.Webhooks.Signing;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace PushGateway.Tests.Webhooks;

/// <summary>Our signatures checked by the third-party <c>StandardWebhooks</c> verifier, not by our own code.</summary>
public sealed class WebhookSignerTests
{
    private const string Body = """{"type":"orders.insert","timestamp":"2026-01-01T00:00:00.000Z","data":{"a":1}}""";

    [Fact]
    public void Sign_OneSecret_VerifiedByStandardWebhooks()
    {
        var secret = SecretProtector.NewSecret();
        var headers = Headers("msg_1", secret);

        Assert.True(Verifies(secret, Body, headers));
    }

    [Fact]
    public void Sign_TwoSecrets_EachVerifiesAlone()
    {
        var current = SecretProtector.NewSecret();
        var previous = SecretProtector.NewSecret();
        var headers = Headers("msg_2", current, previous);

        Assert.StartsWith("v1,", headers[WebhookSigner.SignatureHeader].ToString(), StringComparison.Ordinal);
        Assert.Equal(2, headers[WebhookSigner.SignatureHeader].ToString().Split(' ').Length);
        Assert.True(Verifies(current, Body, headers));
        Assert.True(Verifies(previous, Body, headers));
    }

    [Fact]
    public void Sign_WrongSecretOrChangedBody_Rejected()
    {
        var secret = SecretProtector.NewSecret();
        var headers = Headers("msg_3", secret);

        Assert.False(Verifies(SecretProtector.NewSecret(), Body, headers));
        Assert.False(Verifies(secret, Body.Replace("1}", "2}", StringComparison.Ordinal), headers));
    }

    [Fact]
    public void NewSecret_HasPrefixAnd32Bytes()
    {
        var secret = SecretProtector.NewSecret();

        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, SecretProtector.ToKey(secret).Length);
    }

    private static HeaderDictionary Headers(string id, params string[] secrets)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = WebhookSigner.Sign(id, timestamp, Encoding.UTF8.GetBytes(Body), [.. secrets.Select(SecretProtector.ToKey)]);
        return new HeaderDictionary
        {
            [WebhookSigner.IdHeader] = id,
            [WebhookSigner.TimestampHeader] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [WebhookSigner.SignatureHeader] = signature,
        };
    }

    /// <summary>Each signature of the header on its own: StandardWebhooks 1.1.2 only checks the first one of a list.</summary>
    private static bool Verifies(string secret, string body, HeaderDictionary headers) =>
        headers[WebhookSigner.SignatureHeader].ToString().Split(' ').Any(signature =>
        {
            try
            {
                new StandardWebhook(secret).Verify(body, new HeaderDictionary
                {
                    [WebhookSigner.IdHeader] = headers[WebhookSigner.IdHeader],
                    [WebhookSigner.TimestampHeader] = headers[WebhookSigner.TimestampHeader],
                    [WebhookSigner.SignatureHeader] = signature,
                });
                return true;
            }
            catch (WebhookVerificationException)
            {
                return false;
            }
        });
}
