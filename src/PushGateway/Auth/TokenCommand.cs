using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace PushGateway.Auth;

/// <summary>
/// <c>PushGateway token --tenant acme [--admin] [--minutes 60] [--subject name]</c>: prints a token signed with
/// <c>Auth:SigningKey</c>, read from the same configuration as the gateway (appsettings, environment such as
/// <c>Auth__SigningKey</c>, user secrets, command line). Refuses in OpenID Connect mode. Exit code 0, or 1 with one line on stderr.
/// </summary>
internal static class TokenCommand
{
    public const string Name = "token";

    private const string Usage = "usage: token --tenant <id> [--admin] [--minutes 1-720] [--subject <sub>] (or --admin without --tenant)";

    /// <summary>Whether <paramref name="args"/> ask for this command rather than the gateway.</summary>
    public static bool IsInvoked(string[] args) => args.Length > 0 && args[0] == Name;

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (!TryParse(args.AsSpan(1), out var request, out var settings, out var problem))
        {
            error.WriteLine($"token: {problem} ({Usage})");
            return 1;
        }

        // The gateway's own configuration sources, without starting anything.
        var configuration = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. settings] }).Configuration;
        var auth = new AuthOptions();
        configuration.GetSection(AuthOptions.SectionName).Bind(auth);
        var issuer = new DevTokenIssuer(Options.Create(auth), TimeProvider.System);
        if (issuer.Refusal is { } refusal)
        {
            error.WriteLine($"token: {refusal}");
            return 1;
        }

        if (!auth.UsesAuthority && Encoding.UTF8.GetByteCount(auth.SigningKey!) < AuthOptions.MinimumSigningKeyBytes)
        {
            error.WriteLine($"token: Auth:SigningKey is shorter than {AuthOptions.MinimumSigningKeyBytes} bytes; the gateway would not start with it.");
            return 1;
        }

        var (token, _) = issuer.Issue(request.Tenant, request.Admin, TimeSpan.FromMinutes(request.Minutes), request.Subject);
        output.WriteLine(token);
        return 0;
    }

    private static bool TryParse(ReadOnlySpan<string> args, out TokenRequest request, out List<string> settings, out string? problem)
    {
        request = new TokenRequest(null, false, 60, "cli-user");
        settings = [];
        problem = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--admin":
                    request = request with { Admin = true };
                    continue;
                case "--tenant" or "--minutes" or "--subject" when i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal):
                    problem = $"{arg} needs a value";
                    return false;
                case "--tenant":
                    request = request with { Tenant = args[++i] };
                    continue;
                case "--subject":
                    request = request with { Subject = args[++i] };
                    continue;
                case "--minutes":
                    if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) || minutes is < 1 or > 720)
                    {
                        problem = $"--minutes must be a whole number from 1 to 720, not '{args[i]}'";
                        return false;
                    }

                    request = request with { Minutes = minutes };
                    continue;
                default:
                    // Anything else is configuration for the gateway's command-line source (e.g. --Auth:SigningKey=...).
                    settings.Add(arg);
                    continue;
            }
        }

        if (request.Tenant is null && !request.Admin)
        {
            problem = "--tenant is required (or --admin for an all-tenants token)";
            return false;
        }

        if (request.Tenant is { } tenant && TenantIds.Problem(tenant) is { } tenantProblem)
        {
            problem = $"--tenant {tenantProblem}";
            return false;
        }

        if (string.IsNullOrWhiteSpace(request.Subject))
        {
            problem = "--subject must not be empty";
            return false;
        }

        return true;
    }

    private sealed record TokenRequest(string? Tenant, bool Admin, int Minutes, string Subject);
}
