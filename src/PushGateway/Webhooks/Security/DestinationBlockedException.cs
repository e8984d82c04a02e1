namespace PushGateway.Webhooks.Security;

/// <summary>Thrown from the connect callback when the SSRF guard refuses a destination; the sender turns it into a failed attempt.</summary>
internal sealed class DestinationBlockedException(string message) : IOException(message);
