namespace Harness.EnvTest.Patching.TypeRules;

/// <summary>How server-side apply treats a list (<c>x-kubernetes-list-type</c>).</summary>
internal enum ListType
{
    /// <summary>The whole list is one value, owned and replaced as a unit.</summary>
    Atomic,

    /// <summary>A set of scalars; each value is owned separately.</summary>
    Set,

    /// <summary>An associative list: items are identified by their key fields and owned separately.</summary>
    Map,
}
