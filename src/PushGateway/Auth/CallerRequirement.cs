using Microsoft.AspNetCore.Authorization;

namespace PushGateway.Auth;

/// <summary>The caller must have a tenant, or the admin scope; with <paramref name="AdminOnly"/>, the admin scope.</summary>
internal sealed record CallerRequirement(bool AdminOnly) : IAuthorizationRequirement;
