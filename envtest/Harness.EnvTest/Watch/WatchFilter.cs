using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Watch;

/// <summary>Which objects a watch sees: a namespace (empty: all) and a predicate (label and field selectors).</summary>
internal sealed class WatchFilter(string ns, Func<StoredObject, bool>? predicate)
{
    public string Namespace { get; } = ns;

    public bool Matches(StoredObject obj) =>
        (Namespace.Length == 0 || obj.Namespace == Namespace) && (predicate is null || predicate(obj));
}
