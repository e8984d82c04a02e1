using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PushGateway.Hosting;

/// <summary>
/// What a client got wrong, read from the framework's <see cref="BadHttpRequestException"/>: the status, a title, the
/// errors keyed by field (a JSON path without <c>$.</c>, or a query parameter), and where in the JSON (line, column).
/// Only the gateway's own wording and the client's own input reach the response, never .NET type names.
/// </summary>
internal sealed partial record BadRequestDescription(int Status, string Title, Dictionary<string, string[]> Errors, Dictionary<string, object?> Extensions)
{
    public static readonly string BodyTooLarge = string.Create(CultureInfo.InvariantCulture, $"The request body is larger than {RequestLimits.MaxBodyBytes} bytes.");

    private const int MaxEchoLength = 64;

    public static BadRequestDescription From(BadHttpRequestException exception, Endpoint? endpoint)
    {
        if (FindJsonException(exception) is { } json)
        {
            return FromJson(json, endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType);
        }

        var message = exception.Message;
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Single(StatusCodes.Status413PayloadTooLarge, "The request body is too large.", "", BodyTooLarge);
        }

        if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType || message.StartsWith("Expected a supported JSON media type", StringComparison.Ordinal))
        {
            return Single(StatusCodes.Status415UnsupportedMediaType, "The request body is not JSON.", "", "Send the body as JSON, with Content-Type: application/json.");
        }

        if (BindFailure().Match(message) is { Success: true } bind)
        {
            var name = bind.Groups["name"].Value;
            var value = Echo(bind.Groups["value"].Value);
            var type = endpoint?.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Http.Metadata.IParameterBindingMetadata>()
                .FirstOrDefault(p => p.Name == name)?.ParameterInfo.ParameterType;
            return Single(StatusCodes.Status400BadRequest, "A parameter has an invalid value.", name, $"'{value}' is not {JsonPathType.Describe(type)}.");
        }

        if (RequiredMissing().Match(message) is { Success: true } missing)
        {
            return missing.Groups["source"].Value == "body"
                ? Single(StatusCodes.Status400BadRequest, "The request body is missing.", "", "A JSON body is required.")
                : Single(StatusCodes.Status400BadRequest, "A required parameter is missing.", missing.Groups["name"].Value, "Required.");
        }

        if (message.StartsWith("Implicit body inferred", StringComparison.Ordinal))
        {
            return Single(StatusCodes.Status400BadRequest, "The request body is missing.", "", "A JSON body is required.");
        }

        return Single(exception.StatusCode, "The request could not be read.", "", "The request could not be read.");
    }

    private static BadRequestDescription FromJson(JsonException json, Type? requestType)
    {
        var path = string.IsNullOrEmpty(json.Path) ? "$" : json.Path;
        var field = path == "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path[1..];
        var message = StripPosition(json.Message);
        var title = "The request body is not valid JSON.";
        if (json.InnerException?.Message.Contains("surrogate", StringComparison.OrdinalIgnoreCase) == true
            || message.Contains("invalid UTF-16", StringComparison.Ordinal) || message.Contains("surrogate", StringComparison.OrdinalIgnoreCase))
        {
            message = "The string holds an unpaired UTF-16 surrogate (such as \\ud800), which is not text.";
        }
        else if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            message = $"The JSON is nested deeper than {RequestLimits.MaxJsonDepth} levels.";
        }
        else if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            message = $"Expected {JsonPathType.Describe(JsonPathType.Resolve(requestType, path))}.";
            title = "A field of the request body has the wrong type.";
        }

        var extensions = new Dictionary<string, object?> { ["path"] = path };
        if (json.LineNumber is { } line)
        {
            extensions["line"] = line + 1;
            extensions["column"] = (json.BytePositionInLine ?? 0) + 1;
            message += string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, column {(json.BytePositionInLine ?? 0) + 1})");
        }

        return new(StatusCodes.Status400BadRequest, title, new() { [field] = [message] }, extensions);
    }

    private static JsonException? FindJsonException(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is JsonException json)
            {
                return json;
            }
        }

        return null;
    }

    private static BadRequestDescription Single(int status, string title, string field, string message) =>
        new(status, title, new() { [field] = [message] }, []);

    /// <summary>System.Text.Json appends " Path: $.x | LineNumber: 0 | BytePositionInLine: 3."; the response says it once, 1-based.</summary>
    private static string StripPosition(string message)
    {
        var index = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (index < 0)
        {
            index = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        }

        return (index < 0 ? message : message[..index]).Trim();
    }

    private static string Echo(string value) => value.Length <= MaxEchoLength ? value : value[..MaxEchoLength] + "...";

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>[^ "]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("""^Required parameter "(?<type>.+) (?<name>[^ "]+)" was not provided from (?<source>[a-z ]+)\.$""")]
    private static partial Regex RequiredMissing();
}
