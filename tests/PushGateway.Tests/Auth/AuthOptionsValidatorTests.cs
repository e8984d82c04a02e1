using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using PushGateway.Auth;

namespace PushGateway.Tests.Auth;

/// <summary>Startup refuses an OIDC configuration that would fetch keys insecurely, and says which setting to fix.</summary>
public sealed class AuthOptionsValidatorTests
{
    [Theory]
    [InlineData("https://login.example.com/", true, "Production", null)]
    [InlineData("http://127.0.0.1:8080/realms/dev", false, "Production", null)]
    [InlineData("http://localhost:8080/", false, "Production", null)]
    [InlineData("http://keycloak:8080/realms/dev", false, "Development", null)]
    [InlineData("http://login.example.com/", true, "Production", "is not HTTPS")]
    [InlineData("http://keycloak:8080/realms/dev", false, "Production", "only for a provider on a loopback address")]
    [InlineData("login.example.com", true, "Production", "absolute http(s) URL")]
    public void Validate_Authority_AcceptsOrNamesTheProblem(string authority, bool requireHttps, string environment, string? problem)
    {
        var validator = new AuthOptionsValidator(new Environment(environment));

        var result = validator.Validate(null, new AuthOptions { Authority = authority, RequireHttpsMetadata = requireHttps });

        if (problem is null)
        {
            Assert.True(result.Succeeded, result.FailureMessage);
        }
        else
        {
            Assert.Contains(problem, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "PushGateway";

        public string ContentRootPath { get; set; } = "/";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
