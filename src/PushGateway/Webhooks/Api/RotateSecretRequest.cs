namespace PushGateway.Webhooks.Api;

/// <summary>How long the previous secret keeps signing beside the new one, in minutes (0 to 10,080); default <c>Webhooks:SecretRotationGrace</c>.</summary>
/// <param name="GraceMinutes">Minutes the previous secret keeps signing beside the new one (0 to 10,080); default <c>Webhooks:SecretRotationGrace</c>.</param>
internal sealed record RotateSecretRequest(int? GraceMinutes);
