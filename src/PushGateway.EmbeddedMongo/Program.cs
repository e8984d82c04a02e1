// Standalone entry point:
//   dotnet run --project src/PushGateway.EmbeddedMongo -- --port 27017 [--bind 127.0.0.1] [--dbpath DIR]
// Prints the connection string, then serves until Ctrl+C or SIGTERM. A development and test server,
// not a production database (see README.md).
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using PushGateway.EmbeddedMongo;

var options = new EmbeddedMongoOptions();
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--port" when value is not null:
            options.Port = int.Parse(value, CultureInfo.InvariantCulture);
            i++;
            break;
        case "--bind" or "--bind_ip" when value is not null:
            options.Bind = value;
            i++;
            break;
        case "--dbpath" when value is not null:
            options.DataPath = value;
            i++;
            break;
        case "--help" or "-h":
            Console.WriteLine("Usage: PushGateway.EmbeddedMongo [--port 27017] [--bind 127.0.0.1] [--dbpath DIR]");
            return 0;
        default:
            await Console.Error.WriteLineAsync($"Unknown argument: {args[i]}");
            return 2;
    }
}

using var loggerFactory = LoggerFactory.Create(builder => builder.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
await using var server = await EmbeddedMongoServer.StartAsync(options, loggerFactory);
Console.WriteLine(server.ConnectionString);

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    context.Cancel = true;
    stop.TrySetResult();
});
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.TrySetResult();
});
await stop.Task;
await server.StopAsync();
return 0;

/// <summary>
/// Internal on purpose: .NET 10 makes the top-level-statement <c>Program</c> public, which would collide with the
/// gateway's public <c>Program</c> in any assembly that references both (the gateway tests). Do not remove.
/// </summary>
internal partial class Program;
