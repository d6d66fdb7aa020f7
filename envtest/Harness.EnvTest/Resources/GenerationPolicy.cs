namespace Harness.EnvTest.Resources;

/// <summary>When <c>metadata.generation</c> is maintained and what bumps it.</summary>
internal enum GenerationPolicy
{
    /// <summary>The type has no generation (most core/v1 types).</summary>
    None,

    /// <summary>Set to 1 on create and bumped when the named top-level fields change (built-ins with a spec).</summary>
    Fields,

    /// <summary>Bumped on any change outside <c>metadata</c> (and <c>status</c> when it is a subresource): custom resources.</summary>
    AllButMetadataAndStatus,
}
