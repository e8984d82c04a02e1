namespace PushGateway.Filters;

/// <summary>The filter-check API.</summary>
internal static class FiltersExtensions
{
    public static WebApplication MapFilters(this WebApplication app)
    {
        app.MapFiltersApi();
        return app;
    }
}
