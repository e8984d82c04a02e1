namespace PushGateway.Query.Sql;

/// <summary>
/// snake_case spellings of change-event fields accepted in SQL paths (unquoted only), mapped to the
/// camelCase names of the change event. The longest matching prefix wins.
/// </summary>
internal static class SqlAliases
{
    private static readonly (string Alias, string Path)[] Prefixes =
    [
        ("update_description.updated_fields", "updateDescription.updatedFields"),
        ("update_description.removed_fields", "updateDescription.removedFields"),
        ("update_description.truncated_arrays", "updateDescription.truncatedArrays"),
        ("update_description", "updateDescription"),
        ("full_document_before_change", "fullDocumentBeforeChange"),
        ("full_document", "fullDocument"),
        ("document_key", "documentKey"),
        ("operation_type", "operationType"),
        ("cluster_time", "clusterTime"),
        ("wall_time", "wallTime"),
    ];

    public static string Resolve(string path)
    {
        foreach (var (alias, target) in Prefixes)
        {
            if (path.StartsWith(alias, StringComparison.Ordinal)
                && (path.Length == alias.Length || path[alias.Length] == '.'))
            {
                return target + path[alias.Length..];
            }
        }

        return path;
    }
}
