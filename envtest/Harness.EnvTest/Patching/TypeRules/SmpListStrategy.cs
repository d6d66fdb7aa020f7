namespace Harness.EnvTest.Patching.TypeRules;

/// <summary>The <c>patchStrategy</c> of a list field for strategic merge patch.</summary>
internal enum SmpListStrategy
{
    /// <summary>No strategy: the patch's list replaces the whole list.</summary>
    Replace,

    /// <summary><c>patchStrategy:"merge"</c>: items merge by <c>patchMergeKey</c>, scalars are unioned.</summary>
    Merge,
}
