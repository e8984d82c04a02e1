using PushGateway.Auth;
using PushGateway.ChangeStreams;
using PushGateway.Demo;
using PushGateway.Hosting;
using PushGateway.Mongo;
using PushGateway.Observability;
using PushGateway.OpenApi;
using PushGateway.Realtime;
using PushGateway.Filters;
using PushGateway.Webhooks;

if (TokenCommand.IsInvoked(args))
{
    return TokenCommand.Run(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    WebRootPath = WebRoot.Locate(),
});

builder.AddObservability();
builder.AddGatewayErrors();
builder.AddStartupHints();
builder.AddGatewayAuth();
builder.AddMongo();
builder.AddApiDocs();
builder.AddChangeStreams();
builder.AddRealtime();
builder.AddDemo();
builder.AddWebhooks();

var app = builder.Build();

app.UseGatewayErrors();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseBrowserSample();
app.UseGatewayAuth();

app.MapObservability();
app.MapApiDocs();
app.MapGatewayAuth();
app.MapRealtime();
app.MapWebhooks();
app.MapFilters();

return app.RunGateway();

/// <summary>Entry point; public so that <c>WebApplicationFactory</c> can find it.</summary>
public partial class Program;
