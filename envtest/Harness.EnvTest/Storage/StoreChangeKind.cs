namespace Harness.EnvTest.Storage;

/// <summary>What a mutation decided.</summary>
internal enum StoreChangeKind
{
    /// <summary>Nothing changes; no revision is used.</summary>
    None,

    /// <summary>The object is created or replaced.</summary>
    Put,

    /// <summary>The object is removed.</summary>
    Remove,
}
