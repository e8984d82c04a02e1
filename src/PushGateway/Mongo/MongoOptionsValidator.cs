using Microsoft.Extensions.Options;

namespace PushGateway.Mongo;

/// <summary>
/// Stops a Production start that would silently run on the embedded development server, with one message naming
/// <c>Mongo:ConnectionString</c> and the setting that accepts it.
/// </summary>
internal sealed class MongoOptionsValidator(IHostEnvironment environment) : IValidateOptions<MongoOptions>
{
    public ValidateOptionsResult Validate(string? name, MongoOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString) || !environment.IsProduction() || options.AllowEmbeddedInProduction)
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(
            "Mongo:ConnectionString is not set, and in Production the gateway does not fall back to its embedded development "
            + "server (webhook subscriptions and queued deliveries would be lost at the next restart). Set Mongo:ConnectionString "
            + "(environment variable Mongo__ConnectionString) to a MongoDB replica set, or set Mongo:AllowEmbeddedInProduction=true "
            + "to run on the embedded server anyway.");
    }
}
