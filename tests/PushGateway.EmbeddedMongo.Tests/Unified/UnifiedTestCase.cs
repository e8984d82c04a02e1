using Xunit.Abstractions;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>One test of one spec file; shows as <c>folder/file: description</c> in test output.</summary>
public sealed class UnifiedTestCase : IXunitSerializable
{
    /// <summary>For xunit's deserialisation only.</summary>
    public UnifiedTestCase()
    {
    }

    internal UnifiedTestCase(string folder, string file, string description)
    {
        Folder = folder;
        File = file;
        Description = description;
    }

    /// <summary>A row standing for tests that cannot be listed here (spec files or Docker missing); it always skips.</summary>
    internal static UnifiedTestCase Placeholder(string folder, string why) => new(folder, "", why);

    /// <summary>Spec folder: crud, retryable-writes or change-streams.</summary>
    public string Folder { get; private set; } = "";

    /// <summary>File name without <c>.json</c>; empty when the spec tests were not found.</summary>
    public string File { get; private set; } = "";

    /// <summary>The test's <c>description</c>.</summary>
    public string Description { get; private set; } = "";

    internal bool IsPlaceholder => File.Length == 0;

    /// <summary>The skip list's key for the whole file.</summary>
    internal string FileKey => $"{Folder}/{File}";

    public void Deserialize(IXunitSerializationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        Folder = info.GetValue<string>(nameof(Folder));
        File = info.GetValue<string>(nameof(File));
        Description = info.GetValue<string>(nameof(Description));
    }

    public void Serialize(IXunitSerializationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        info.AddValue(nameof(Folder), Folder);
        info.AddValue(nameof(File), File);
        info.AddValue(nameof(Description), Description);
    }

    public override string ToString() => IsPlaceholder
        ? $"{Folder} ({(Description.Length > 0 ? Description : "spec tests not found")})"
        : $"{FileKey}: {Description}";
}
