using System.Net.Sockets;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace PushGateway.Hosting;

/// <summary>
/// A gateway that cannot start says why in one line naming the setting to fix, and exits with code 1: no stack trace
/// for a configuration mistake, no SIGABRT. Until the host has started, the host's and Kestrel's own error logs
/// (which would repeat the same failure with stack traces) are held back; the line printed here replaces them.
/// </summary>
internal static partial class StartupFailure
{
    /// <summary>Host and server categories whose startup errors repeat what <see cref="Describe"/> says.</summary>
    private static readonly string[] StartupCategories = ["Microsoft.Extensions.Hosting", "Microsoft.AspNetCore.Server.Kestrel", HubRequestDiagnostics.Category];

    private sealed class Gate
    {
        public volatile bool Open;
    }

    private static readonly object GateKey = new();

    /// <summary>Runs the gateway; returns the process exit code (0 after a normal shutdown, 1 when it could not start or run).</summary>
    public static int RunGateway(this WebApplication app)
    {
        try
        {
            app.Run();
            return 0;
        }
        // Only when the gateway is the process (not when a test host such as WebApplicationFactory runs the entry
        // point, which must see the exception itself).
        catch (Exception ex) when (Describe(ex) is { } line && System.Reflection.Assembly.GetEntryAssembly() == typeof(StartupFailure).Assembly)
        {
            Console.Error.WriteLine(line);
            return 1;
        }
    }

    /// <summary>
    /// One line for a known configuration or environment problem; null for anything else, which is a bug and keeps its
    /// stack trace (and reaches a test host that started the entry point).
    /// </summary>
    public static string? Describe(Exception exception)
    {
        var ex = exception is AggregateException { InnerExceptions.Count: 1 } single ? single.InnerException! : exception;
        return ex switch
        {
            OptionsValidationException options => "PushGateway cannot start: " + string.Join(" ", Failures(options)),
            AggregateException many when many.InnerExceptions.All(e => e is OptionsValidationException) =>
                "PushGateway cannot start: " + string.Join(" ", many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(Failures)),
            Mongo.EmbeddedPortInUseException port =>
                $"PushGateway cannot start: {port.Message} Another process listens there (another gateway?): stop it, or set EmbeddedMongo:Port (EmbeddedMongo__Port) to a free port, 0 for any.",
            IOException io when FindSocketError(io) == SocketError.AddressAlreadyInUse =>
                $"PushGateway cannot start: {Sentence(io.Message)} Another process listens there: stop it, or choose another address with --urls or ASPNETCORE_URLS (e.g. http://127.0.0.1:5081).",
            InvalidOperationException config when config.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) =>
                "PushGateway cannot start: " + Sentence(config.Message) + " Fix that setting's value.",
            MongoConfigurationException =>
                "PushGateway cannot start: Mongo:ConnectionString is not a valid MongoDB connection string. Use mongodb://host:port/?replicaSet=name (or leave it empty for the embedded development server).",
            _ => null,
        };
    }

    /// <summary>Holds back the host's and Kestrel's Error/Critical logs until the application has started.</summary>
    public static void QuietHostLogsUntilStarted(WebApplicationBuilder builder)
    {
        var gate = new Gate();
        builder.Services.AddKeyedSingleton(GateKey, gate);
        var forThisRequest = HubRequestDiagnostics.Register(builder);
        foreach (var category in StartupCategories)
        {
            var configured = ConfiguredLevel(builder.Configuration, category);
            // One filter per category (the last one added wins): the hosting diagnostics one also leaves hub transport
            // requests out (HubRequestDiagnostics).
            Func<bool> enabled = category == HubRequestDiagnostics.Category ? forThisRequest : static () => true;
            builder.Logging.AddFilter(category, level => level >= configured && (gate.Open || level < LogLevel.Error) && enabled());
        }
    }

    public static void OpenLogsOnStarted(WebApplication app)
    {
        var gate = app.Services.GetRequiredKeyedService<Gate>(GateKey);
        app.Lifetime.ApplicationStarted.Register(() => gate.Open = true);
    }

    /// <summary>The level appsettings give <paramref name="category"/> (its longest configured prefix, else Default).</summary>
    private static LogLevel ConfiguredLevel(IConfiguration configuration, string category)
    {
        for (var name = category; name.Length > 0; name = name.LastIndexOf('.') is var dot and > 0 ? name[..dot] : "")
        {
            if (configuration.GetValue<LogLevel?>($"Logging:LogLevel:{name}") is { } level)
            {
                return level;
            }
        }

        return configuration.GetValue<LogLevel?>("Logging:LogLevel:Default") ?? LogLevel.Information;
    }

    /// <summary>
    /// Each failure as a sentence; data-annotation failures ("DataAnnotation validation failed for 'XOptions' members:
    /// 'Y' with the error: '...'") are rewritten to name the setting as configured, <c>Section:Y</c>.
    /// </summary>
    private static IEnumerable<string> Failures(OptionsValidationException exception)
    {
        var section = exception.OptionsType.GetField("SectionName")?.GetValue(null) as string;
        foreach (var failure in exception.Failures)
        {
            var match = DataAnnotationFailure().Match(failure);
            yield return match.Success
                ? Sentence(match.Groups["error"].Value.Contains(':', StringComparison.Ordinal) || section is null
                    ? match.Groups["error"].Value
                    : $"{section}:{match.Groups["member"].Value}: {match.Groups["error"].Value}")
                : Sentence(failure);
        }
    }

    private static SocketError? FindSocketError(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }

        return null;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^DataAnnotation validation failed for '[^']*' members: '(?<member>[^']*)' with the error: '(?<error>.*)'\\.?$", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex DataAnnotationFailure();

    private static string Sentence(string text)
    {
        text = text.Trim();
        return text.EndsWith('.') ? text : text + ".";
    }
}
