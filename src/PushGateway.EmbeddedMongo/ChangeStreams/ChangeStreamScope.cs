namespace PushGateway.EmbeddedMongo.ChangeStreams;

/// <summary>What a change stream watches: one collection, one database, or the whole cluster.</summary>
internal sealed record ChangeStreamScope(string? Database, string? Collection)
{
    public bool IsCluster => Database is null;

    public bool IsDatabase => Database is not null && Collection is null;

    public bool Includes(ChangeEvent change)
    {
        if (IsCluster)
        {
            return change.Database is not ("admin" or "config" or "local") && !IsSystem(change.Collection);
        }

        if (change.Database != Database)
        {
            return false;
        }

        return Collection is null ? !IsSystem(change.Collection) : change.Collection == Collection;
    }

    /// <summary>True when this change ends the stream (followed by an invalidate event).</summary>
    public bool Invalidates(ChangeEvent change) =>
        Collection is not null ? change.OperationType is "drop" or "rename" : IsDatabase && change.OperationType == "dropDatabase";

    private static bool IsSystem(string? collection) => collection is not null && collection.StartsWith("system.", StringComparison.Ordinal);
}
