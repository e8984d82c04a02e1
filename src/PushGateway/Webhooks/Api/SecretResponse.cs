namespace PushGateway.Webhooks.Api;

/// <summary>The new signing secret (shown only here) and when the previous one stops signing.</summary>
internal sealed record SecretResponse(string Secret, DateTime? PreviousSecretExpiresAt);
