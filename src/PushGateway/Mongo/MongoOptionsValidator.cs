using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace PushGateway.Mongo;

/// <summary>
/// Checks <c>Mongo:ConnectionString</c> at startup, so a typo stops the gateway with a line naming the setting, and
/// stops a Production start that would silently run on the embedded development server.
/// </summary>
internal sealed class MongoOptionsValidator(IHostEnvironment environment) : IValidateOptions<MongoOptions>
{
    public ValidateOptionsResult Validate(string? name, MongoOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return !environment.IsProduction() || options.AllowEmbeddedInProduction
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    "Mongo:ConnectionString is not set, and in Production the gateway does not fall back to its embedded development "
                    + "server (webhook subscriptions and queued deliveries would be lost at the next restart). Set Mongo:ConnectionString "
                    + "(environment variable Mongo__ConnectionString) to a MongoDB replica set, or set Mongo:AllowEmbeddedInProduction=true "
                    + "to run on the embedded server anyway.");
        }

        try
        {
            _ = MongoUrl.Create(options.ConnectionString);
            return ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is MongoConfigurationException or ArgumentException or FormatException)
        {
            // The driver's message repeats the connection string, password included: it is not passed on.
            return ValidateOptionsResult.Fail(
                "Mongo:ConnectionString is not a valid MongoDB connection string. Use mongodb://host:port/?replicaSet=name "
                + "(or mongodb+srv://...), or leave it empty to start the embedded development server.");
        }
    }
}
