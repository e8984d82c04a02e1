using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using PushGateway.Webhooks.Security;
using PushGateway.Webhooks.Signing;

namespace PushGateway.Webhooks.Delivery;

/// <summary>
/// Makes one signed webhook POST through the SSRF-guarded client and reports it as a <see cref="SendOutcome"/> value.
/// Bodies are sent as built; response bodies are read only up to the excerpt cap; exception text never leaves here
/// (the outcome carries a short category instead, since tenants read it in the delivery log). A failed attempt is logged
/// as one line at Information, without a stack trace: a receiver that is down is expected, not a fault of the gateway.
/// </summary>
internal sealed partial class WebhookSender(IHttpMessageHandlerFactory handlers, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookSender> logger)
{
    public const string ClientName = "webhooks";
    private const string UserAgent = "PushGateway-Webhooks/1.0";
    private const string ContentType = "application/json; charset=utf-8";

    // One invoker over the named client's handler chain for every POST: the handler never expires
    // (SetHandlerLifetime(Infinite) in WebhooksExtensions; its pooled connections are recycled by
    // PooledConnectionLifetime). Not an HttpClient: its timeout and pending-request cancellation would link one more
    // CancellationTokenSource per request, and this sender keeps its own timeout (below).
    private HttpMessageInvoker? _invoker;

    // Parsed destinations by URL: a subscription's URL is parsed once, not for every POST (a Uri is immutable; the SSRF
    // guard checks the resolved address at connect time either way). Bounded: cleared when it outgrows MaxUris.
    private const int MaxUris = 1024;
    private readonly ConcurrentDictionary<string, Uri> _uris = new(StringComparer.Ordinal);

    public async Task<SendOutcome> SendAsync(
        string url,
        string messageId,
        byte[] body,
        IReadOnlyList<byte[]> keys,
        IReadOnlyDictionary<string, string> headers,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, UriOf(url)) { Content = new ByteArrayContent(body) };
        // Added as text: the same header on the wire as a parsed MediaTypeHeaderValue, without parsing it per request.
        request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        if (headers.Count > 0)
        {
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.TryAddWithoutValidation(WebhookSigner.IdHeader, messageId);
        request.Headers.TryAddWithoutValidation(WebhookSigner.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(WebhookSigner.SignatureHeader, WebhookSigner.Sign(messageId, timestamp, body, keys));

        // One source for the caller's token and the timeout: linked to the caller, cancelled after the timeout by the
        // source's own timer on the system clock (by a TimeProvider timer otherwise, e.g. a test's fake clock).
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timer = StartTimeout(linked, settings.RequestTimeout);
        var started = time.GetTimestamp();
        try
        {
            var invoker = _invoker ??= new HttpMessageInvoker(handlers.CreateHandler(ClientName), disposeHandler: false);
            // Returns once the headers are read (the body is read below, only up to the excerpt cap).
            using var response = await invoker.SendAsync(request, linked.Token).ConfigureAwait(false);
            var excerpt = await ReadExcerptAsync(response, settings.ResponseExcerptBytes, linked.Token).ConfigureAwait(false);
            var elapsed = time.GetElapsedTime(started);
            if (!response.IsSuccessStatusCode)
            {
                LogRejected(logger, messageId, request.RequestUri?.Host, (int)response.StatusCode, elapsed.TotalMilliseconds);
            }

            return new SendOutcome((int)response.StatusCode, elapsed, excerpt, null, RetryAfterOf(response));
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Failed($"Timed out after {settings.RequestTimeout.TotalSeconds:0.###} s.");
        }
        catch (HttpRequestException ex) when (FindBlocked(ex) is { } blocked)
        {
            return Failed("Destination refused by the SSRF guard: " + blocked.Message);
        }
        catch (HttpRequestException ex)
        {
            return Failed($"Request failed ({ex.HttpRequestError}).");
        }
        catch (IOException)
        {
            return Failed("Connection lost while reading the response.");
        }

        SendOutcome Failed(string error)
        {
            var elapsed = time.GetElapsedTime(started);
            LogFailed(logger, messageId, request.RequestUri?.Host, error, elapsed.TotalMilliseconds);
            return new(null, elapsed, null, error, null);
        }
    }

    private Uri UriOf(string url)
    {
        if (_uris.TryGetValue(url, out var uri))
        {
            return uri;
        }

        // As HttpRequestMessage(HttpMethod, string) parses it.
        uri = new Uri(url, UriKind.RelativeOrAbsolute);
        if (_uris.Count >= MaxUris)
        {
            _uris.Clear();
        }

        _uris[url] = uri;
        return uri;
    }

    private ITimer? StartTimeout(CancellationTokenSource source, TimeSpan timeout)
    {
        if (time == TimeProvider.System)
        {
            source.CancelAfter(timeout);
            return null;
        }

        return time.CreateTimer(static state => Cancel((CancellationTokenSource)state!), source, timeout, Timeout.InfiniteTimeSpan);

        static void Cancel(CancellationTokenSource source)
        {
            try
            {
                source.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The request finished (and disposed its source) while the timer fired.
            }
        }
    }

    private static DestinationBlockedException? FindBlocked(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is DestinationBlockedException blocked)
            {
                return blocked;
            }
        }

        return null;
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        var delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - time.GetUtcNow() : null);
        return delay is { } d && d > TimeSpan.Zero ? d : null;
    }

    private static async Task<string?> ReadExcerptAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        if (maxBytes <= 0)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var read = 0;
            int n;
            while (read < maxBytes && (n = await stream.ReadAsync(buffer.AsMemory(read, maxBytes - read), cancellationToken).ConfigureAwait(false)) > 0)
            {
                read += n;
            }

            return read == 0 ? null : Encoding.UTF8.GetString(buffer, 0, read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Only the host is logged: a receiver URL's path or query may carry a credential.
    [LoggerMessage(EventId = 7050, Level = LogLevel.Information, Message = "Webhook {MessageId} to {Host} answered {StatusCode} after {ElapsedMs:0} ms")]
    private static partial void LogRejected(ILogger logger, string messageId, string? host, int statusCode, double elapsedMs);

    [LoggerMessage(EventId = 7051, Level = LogLevel.Information, Message = "Webhook {MessageId} to {Host} failed after {ElapsedMs:0} ms: {Error}")]
    private static partial void LogFailed(ILogger logger, string messageId, string? host, string error, double elapsedMs);
}
