using PushGateway.Query;

namespace PushGateway.Filters;

/// <summary>One tenant's filters on one event: the shared <see cref="Budget"/> and the bucket <see cref="TenantFilterClock.End"/> charges.</summary>
internal readonly record struct TenantEvaluation(TenantFilterClock.Bucket Bucket, EvaluationBudget Budget);
