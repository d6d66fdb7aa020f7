namespace Harness.EnvTest.Informers;

/// <summary>One object in the metadata cache, with the resource it belongs to.</summary>
public sealed record CachedObject(ApiResourceRef Resource, PartialObject Object)
{
    /// <summary>The object's uid.</summary>
    public string Uid => Object.Metadata.Uid ?? string.Empty;

    /// <summary>The object's namespace (empty when cluster-scoped).</summary>
    public string Namespace => Object.Metadata.Namespace ?? string.Empty;

    /// <summary>The object's name.</summary>
    public string Name => Object.Metadata.Name ?? string.Empty;

    /// <summary>True once the object has a deletionTimestamp.</summary>
    public bool Deleting => Object.Metadata.DeletionTimestamp is not null;

    /// <summary>The uids its owner references name.</summary>
    public IEnumerable<string> OwnerUids => (Object.Metadata.OwnerReferences ?? []).Select(r => r.Uid).Distinct(StringComparer.Ordinal);

    /// <summary>The object's finalizers.</summary>
    public IList<string> Finalizers => Object.Metadata.Finalizers ?? [];
}
