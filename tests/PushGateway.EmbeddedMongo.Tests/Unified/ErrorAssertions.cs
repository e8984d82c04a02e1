using MongoDB.Bson;
using MongoDB.Driver;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>The unified format's <c>expectError</c> assertions against a driver exception.</summary>
internal static class ErrorAssertions
{
    /// <summary>Null when <paramref name="error"/> satisfies <paramref name="expected"/>; otherwise what does not.</summary>
    public static string? Check(BsonDocument expected, Exception error, UnifiedMatcher matcher)
    {
        var (code, codeName, response) = ServerDetails(error);
        foreach (var element in expected)
        {
            string? problem = element.Name switch
            {
                "isError" => null,
                "isClientError" => IsClientError(error) == element.Value.ToBoolean()
                    ? null
                    : $"expected isClientError={element.Value} but got {Describe(error)}",
                "isTimeoutError" => error is TimeoutException or MongoExecutionTimeoutException == element.Value.ToBoolean()
                    ? null
                    : $"expected isTimeoutError={element.Value} but got {Describe(error)}",
                "errorContains" => error.Message.Contains(element.Value.AsString, StringComparison.OrdinalIgnoreCase)
                    ? null
                    : $"expected the error message to contain '{element.Value}' but got {Describe(error)}",
                "errorCode" => code == element.Value.ToInt32()
                    ? null
                    : $"expected error code {element.Value} but got {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}: {Describe(error)}",
                "errorCodeName" => codeName == element.Value.AsString
                    ? null
                    : $"expected codeName {element.Value} but got {codeName ?? "none"}: {Describe(error)}",
                "errorLabelsContain" => element.Value.AsBsonArray.Select(l => l.AsString).FirstOrDefault(l => !HasLabel(error, l)) is { } missing
                    ? $"expected error label {missing}; labels: [{string.Join(", ", Labels(error))}] in {Describe(error)}"
                    : null,
                "errorLabelsOmit" => element.Value.AsBsonArray.Select(l => l.AsString).FirstOrDefault(l => HasLabel(error, l)) is { } present
                    ? $"expected no error label {present}; labels: [{string.Join(", ", Labels(error))}]"
                    : null,
                "errorResponse" => response is null
                    ? $"expected a server response but got {Describe(error)}"
                    : matcher.Match(element.Value, response, isRoot: true, "errorResponse"),
                "expectResult" => error is MongoBulkWriteException<BsonDocument> bulk
                    ? matcher.Match(element.Value, ResultDocuments.Bulk(bulk.Result, null), isRoot: true, "expectError.expectResult")
                    : $"expected a partial result with the error, but the driver raised {Describe(error)}",
                _ => throw new UnifiedRunnerException($"expectError '{element.Name}' is not supported by this runner"),
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    public static string Describe(Exception error) => $"{error.GetType().Name}: {error.Message}";

    /// <summary>
    /// A client error is one not derived from a server reply: argument validation, serialization, and network errors
    /// (the unified format counts a dropped connection as a client-side error).
    /// </summary>
    private static bool IsClientError(Exception error) => error switch
    {
        // The client bulk write wraps whatever stopped it, client-side validation included.
        ClientBulkWriteException { InnerException: { } inner } => IsClientError(inner),
        _ => error is not MongoServerException,
    };

    private static IEnumerable<string> Labels(Exception error) => error is MongoException m ? m.ErrorLabels : [];

    private static bool HasLabel(Exception error, string label) => error is MongoException m && m.HasErrorLabel(label);

    private static (int? Code, string? CodeName, BsonDocument? Response) ServerDetails(Exception error) => error switch
    {
        MongoBulkWriteException bulk when bulk.WriteErrors.Count > 0 =>
            (bulk.WriteErrors[0].Code, null, null),
        MongoBulkWriteException { WriteConcernError: not null } bulk =>
            (bulk.WriteConcernError.Code, bulk.WriteConcernError.CodeName, null),
        MongoWriteException { WriteError: not null } write => (write.WriteError.Code, null, null),
        MongoWriteException { WriteConcernError: not null } write =>
            (write.WriteConcernError.Code, write.WriteConcernError.CodeName, null),
        MongoWriteConcernException { WriteConcernResult.Response: { } response } concern
            when response.GetValue("writeConcernError", null) is BsonDocument writeConcernError =>
            (writeConcernError.GetValue("code", 0).ToInt32(), writeConcernError.GetValue("codeName", BsonNull.Value) as BsonString is { } name ? name.Value : null, concern.Result),
        MongoCommandException command => (command.Code, command.CodeName, command.Result),
        MongoExecutionTimeoutException timeout => (timeout.Code, timeout.CodeName, null),
        _ => (null, null, null),
    };
}
