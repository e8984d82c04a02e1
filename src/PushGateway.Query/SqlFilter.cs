using PushGateway.Query.Sql;

namespace PushGateway.Query;

/// <summary>Parses the SQL WHERE dialect (see the library README) into the same filter tree as MQL.</summary>
public static class SqlFilter
{
    /// <summary>Parses and compiles a SQL WHERE condition (without the WHERE keyword).</summary>
    public static FilterParseResult Parse(string sql, QueryLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(sql);
        limits ??= QueryLimits.Default;
        if (FilterTextGuard.Check(sql, limits, json: false) is { } invalid)
        {
            return FilterParseResult.Failure(invalid);
        }

        var parser = new SqlParser(sql, limits);
        var root = parser.Parse();
        return root is null
            ? FilterParseResult.Failure(parser.Error!)
            : FilterParseResult.Success(new Filter(root, limits.MaxEvaluationWork), limits);
    }
}
