using System.Runtime.CompilerServices;

namespace Harness.EnvTest.Informers;

/// <summary>
/// Cached objects are the same entry when they wrap the same <see cref="PartialObject"/>: a reflector hands each
/// version of an object over once, and hands that instance back as the previous version when it changes.
/// </summary>
internal sealed class CachedObjectIdentity : IEqualityComparer<CachedObject>
{
    public static readonly CachedObjectIdentity Instance = new();

    public bool Equals(CachedObject? x, CachedObject? y) => ReferenceEquals(x?.Object, y?.Object);

    public int GetHashCode(CachedObject obj) => RuntimeHelpers.GetHashCode(obj.Object);
}
