namespace Harness.EnvTest.Tables;

/// <summary>What each Table row carries in <c>object</c> (the <c>includeObject</c> query parameter).</summary>
public enum TableIncludeObject
{
    /// <summary>No object.</summary>
    None,

    /// <summary>A <c>PartialObjectMetadata</c> with the object's metadata (the default).</summary>
    Metadata,

    /// <summary>The whole object.</summary>
    Object,
}
