using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using PushGateway.Filters;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace PushGateway.Webhooks.Api;

/// <summary>Examples shown in Swagger UI for the webhook and filter API shapes.</summary>
internal sealed class WebhookExamples : ISchemaFilter
{
    private static readonly Dictionary<Type, string> Examples = new()
    {
        [typeof(WebhookRequest)] = """
            {"url": "http://127.0.0.1:5099/webhooks", "description": "Paid orders to billing", "collections": ["shop.orders"],
             "operationTypes": ["insert", "update"], "filter": "fullDocument.status = 'paid' AND fullDocument.total > 100",
             "fullDocument": true, "fields": ["fullDocument.status", "fullDocument.total"], "headers": {"X-Team": "billing"},
             "maxPerSecond": 50, "ordered": false}
            """,
        [typeof(WebhookResponse)] = """
            {"id": "wh_6745f0c2a1b2c3d4e5f60718", "tenantId": "acme", "url": "http://127.0.0.1:5099/webhooks", "description": "Paid orders to billing",
             "collections": ["shop.orders"], "operationTypes": ["insert", "update"], "filter": "fullDocument.status = 'paid' AND fullDocument.total > 100", "fullDocument": true,
             "fields": [], "headers": {"X-Team": "********"}, "maxPerSecond": 50, "ordered": false, "enabled": true, "disabledReason": null,
             "createdAt": "2026-11-26T10:00:00Z", "updatedAt": "2026-11-26T10:00:00Z", "failingSince": null, "lastSuccessAt": "2026-11-26T10:05:00Z",
             "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}
            """,
        [typeof(DeliveryResponse)] = """
            {"id": "msg_3f1c0a9e5b7d4c2a8e6f1b3d5a7c9e0f", "eventId": "8267450F0C000000012B022C0100296E5A1004", "type": "shop.orders.insert",
             "collection": "shop.orders", "state": "pending", "eventTime": "2026-11-26T10:00:00Z", "createdAt": "2026-11-26T10:00:00.050Z",
             "nextAttemptAt": "2026-11-26T10:05:00Z", "attempts": 1, "lastStatusCode": 503, "lastError": null, "completedAt": null,
             "history": [{"at": "2026-11-26T10:00:00.100Z", "statusCode": 503, "durationMs": 41.7, "responseExcerpt": "Service Unavailable", "error": null}]}
            """,
        [typeof(TestResponse)] = """
            {"success": true, "webhookId": "msg_test_5b0c7e0f3e2d4a6b9c1d2e3f4a5b6c7d", "statusCode": 200, "durationMs": 12.3, "responseExcerpt": "ok", "error": null}
            """,
        [typeof(RotateSecretRequest)] = """{"graceMinutes": 1440}""",
        [typeof(SecretResponse)] = """{"secret": "whsec_Pq2xT7m9c0VfK3L8s1nZbWy4RdEo6HgJ", "previousSecretExpiresAt": "2026-11-27T10:00:00Z"}""",
        [typeof(RecoverRequest)] = """{"since": "2026-11-26T00:00:00Z"}""",
        [typeof(RecoverResponse)] = """{"requeued": 42}""",
        [typeof(FilterValidationRequest)] = """
            {"filter": "fullDocument.status = 'paid' AND fullDocument.total > 100",
             "event": {"operationType": "insert", "ns": {"db": "shop", "coll": "orders"}, "documentKey": {"_id": 1},
                       "fullDocument": {"_id": 1, "status": "paid", "total": 120}}}
            """,
        [typeof(FilterValidationResponse)] = """{"valid": true, "errors": [], "canonical": "{\"$and\": [{\"fullDocument.status\": {\"$eq\": \"paid\"}}, {\"fullDocument.total\": {\"$gt\": 100}}]}", "matches": true}""",
        [typeof(FilterErrorResponse)] = """{"code": 9, "codeName": "FailedToParse", "message": "Expected a value after '>'", "path": null, "line": 1, "column": 22, "excerpt": "fullDocument.total > "}""",
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is OpenApiSchema concrete && Examples.TryGetValue(context.Type, out var json))
        {
            concrete.Example = JsonNode.Parse(json);
        }
    }
}
