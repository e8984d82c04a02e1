using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace PushGateway.Tests.Fuzz;

/// <summary>
/// A SignalR JSON-protocol client over a bare WebSocket that sends each argument as the exact JSON text given, so a test
/// can send what no client library would serialize (lone surrogates, nesting past any serializer's limit).
/// </summary>
internal sealed class RawHubClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket = new();
    private readonly StringBuilder _pending = new();
    private int _nextId;

    public bool IsOpen => _socket.State == WebSocketState.Open;

    public static async Task<RawHubClient> ConnectAsync(Uri hubUrl, string token)
    {
        var client = new RawHubClient();
        var ws = new UriBuilder(hubUrl) { Scheme = hubUrl.Scheme == "https" ? "wss" : "ws", Query = "access_token=" + Uri.EscapeDataString(token) }.Uri;
        await client._socket.ConnectAsync(ws, CancellationToken.None);
        await client.SendAsync("{\"protocol\":\"json\",\"version\":1}");
        var handshake = await client.ReceiveAsync();
        if (handshake != "{}")
        {
            throw new InvalidOperationException("Handshake refused: " + handshake);
        }

        return client;
    }

    /// <summary>Invokes <paramref name="method"/> with the given raw JSON arguments; returns (error, result) of its completion.</summary>
    public async Task<(string? Error, JsonElement? Result)> InvokeAsync(string method, params string[] rawArguments)
    {
        var id = (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendAsync($"{{\"type\":1,\"invocationId\":\"{id}\",\"target\":\"{method}\",\"arguments\":[{string.Join(",", rawArguments)}]}}");
        while (true)
        {
            var message = await ReceiveAsync() ?? throw new WebSocketException("The server closed the connection.");
            using var json = JsonDocument.Parse(message);
            var root = json.RootElement;
            if (root.GetProperty("type").GetInt32() == 7)
            {
                throw new WebSocketException("The server closed the connection: " + message);
            }

            if (root.GetProperty("type").GetInt32() != 3 || root.GetProperty("invocationId").GetString() != id)
            {
                continue;
            }

            return root.TryGetProperty("error", out var error)
                ? (error.GetString(), null)
                : (null, root.TryGetProperty("result", out var result) ? result.Clone() : null);
        }
    }

    private Task SendAsync(string message) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(message + RecordSeparator), WebSocketMessageType.Text, true, CancellationToken.None);

    private async Task<string?> ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var text = _pending.ToString();
            var end = text.IndexOf(RecordSeparator, StringComparison.Ordinal);
            if (end >= 0)
            {
                _pending.Remove(0, end + 1);
                return text[..end];
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var received = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            _pending.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }

        _socket.Dispose();
    }
}
