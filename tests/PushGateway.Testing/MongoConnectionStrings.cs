namespace PushGateway.Testing;

/// <summary>Adds test-friendly options to connection strings, in one place for every target.</summary>
public static class MongoConnectionStrings
{
    /// <summary>
    /// Appends <paramref name="option"/> (<c>name=value</c>) unless an option of that name is already present.
    /// </summary>
    public static string WithOption(string connectionString, string option)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(option);
        var name = option.Split('=')[0];
        var query = connectionString.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            var existing = connectionString[(query + 1)..].Split('&');
            if (existing.Any(o => o.Split('=')[0].Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                return connectionString;
            }

            return connectionString + (connectionString.EndsWith('?') ? "" : "&") + option;
        }

        // A host list without a path needs "/" before the options.
        var afterScheme = connectionString.IndexOf("://", StringComparison.Ordinal);
        var hasPath = afterScheme >= 0 && connectionString.IndexOf('/', afterScheme + 3) >= 0;
        return connectionString + (hasPath ? "?" : "/?") + option;
    }

    /// <summary>
    /// Polling monitoring avoids the driver's streaming hello protocol, which some targets do not support, and keeps
    /// clusters cheap to create and dispose in tests.
    /// </summary>
    public static string ForTests(string connectionString) => WithOption(connectionString, "serverMonitoringMode=Poll");
}
