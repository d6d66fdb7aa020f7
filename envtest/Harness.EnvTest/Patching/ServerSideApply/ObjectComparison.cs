namespace Harness.EnvTest.Patching.ServerSideApply;

/// <summary>What changed between two versions of an object, as structured-merge-diff's <c>Compare</c> reports it.</summary>
internal sealed record ObjectComparison(FieldSet Added, FieldSet Modified, FieldSet Removed)
{
    /// <summary>The paths set by the change (added or modified).</summary>
    public FieldSet Changed => Added.Union(Modified);

    /// <summary>The comparison without the paths at or below <paramref name="ignored"/>.</summary>
    public ObjectComparison Without(FieldSet ignored) =>
        new(Added.RecursiveDifference(ignored), Modified.RecursiveDifference(ignored), Removed.RecursiveDifference(ignored));
}
