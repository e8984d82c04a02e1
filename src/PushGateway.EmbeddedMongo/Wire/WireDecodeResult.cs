namespace PushGateway.EmbeddedMongo.Wire;

/// <summary>Outcome of decoding one message: a request, or the reason the connection must close.</summary>
internal readonly record struct WireDecodeResult(WireRequest? Request, string? Failure, int OpCode)
{
    public static WireDecodeResult Ok(WireRequest request) => new(request, null, (int)request.OpCode);

    public static WireDecodeResult Fail(int opCode, string reason) => new(null, reason, opCode);
}
