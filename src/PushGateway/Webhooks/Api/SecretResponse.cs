namespace PushGateway.Webhooks.Api;

/// <summary>The new signing secret (shown only here) and when the previous one stops signing.</summary>
/// <param name="Secret">The new signing secret (<c>whsec_...</c>), shown only here.</param>
/// <param name="PreviousSecretExpiresAt">When the previous secret stops signing (UTC); null when it stopped at once.</param>
internal sealed record SecretResponse(string Secret, DateTime? PreviousSecretExpiresAt);
