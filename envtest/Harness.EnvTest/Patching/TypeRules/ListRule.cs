namespace Harness.EnvTest.Patching.TypeRules;

/// <summary>
/// What the API server knows about one list field: its server-side apply list type and map keys,
/// and its strategic merge patch strategy and merge key.
/// </summary>
internal sealed record ListRule(ListType Type, IReadOnlyList<string> MapKeys, SmpListStrategy Strategy, string? PatchMergeKey)
{
    /// <summary>A list with no declared semantics: atomic, replaced by strategic merge patch.</summary>
    public static ListRule AtomicReplace { get; } = new(ListType.Atomic, [], SmpListStrategy.Replace, null);

    /// <summary>An associative list merged by <paramref name="mergeKey"/> in both worlds.</summary>
    public static ListRule MergeBy(string mergeKey) => new(ListType.Map, [mergeKey], SmpListStrategy.Merge, mergeKey);

    /// <summary>A set of scalars, unioned by strategic merge patch.</summary>
    public static ListRule MergeSet { get; } = new(ListType.Set, [], SmpListStrategy.Merge, null);
}
