var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.Run();

/// <summary>Entry point; public so that <c>WebApplicationFactory</c> can find it.</summary>
public partial class Program;
