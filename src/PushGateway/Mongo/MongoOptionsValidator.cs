using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace PushGateway.Mongo;

/// <summary>Checks <c>Mongo:ConnectionString</c> at startup, so a typo stops the gateway with a line naming the setting.</summary>
internal sealed class MongoOptionsValidator : IValidateOptions<MongoOptions>
{
    public ValidateOptionsResult Validate(string? name, MongoOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Success;
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
