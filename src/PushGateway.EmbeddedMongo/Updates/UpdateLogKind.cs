namespace PushGateway.EmbeddedMongo.Updates;

/// <summary>What an update did at one path.</summary>
internal enum UpdateLogKind
{
    /// <summary>An existing value was replaced (reported in <c>updatedFields</c>).</summary>
    Updated,

    /// <summary>A value was created where nothing was (reported in <c>updatedFields</c>).</summary>
    Created,

    /// <summary>A field was removed (reported in <c>removedFields</c>).</summary>
    Removed,
}
