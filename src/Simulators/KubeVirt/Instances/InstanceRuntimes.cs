using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Objects;

namespace Harness.Simulators.KubeVirt.Instances;

/// <summary>The <see cref="InstanceRuntime"/> of every VMI this simulator runs, by key; a new UID replaces the old runtime.</summary>
internal sealed class InstanceRuntimes
{
    private readonly Dictionary<ObjectKey, InstanceRuntime> runtimes = [];
    private readonly Lock gate = new();

    public InstanceRuntime? Find(ObjectKey key, string uid)
    {
        lock (gate)
        {
            return runtimes.TryGetValue(key, out var runtime) && runtime.Uid == uid ? runtime : null;
        }
    }

    /// <summary>The runtime of the VMI <paramref name="key"/> names, whatever its UID.</summary>
    public InstanceRuntime? Find(ObjectKey key)
    {
        lock (gate)
        {
            return runtimes.GetValueOrDefault(key);
        }
    }

    /// <summary>Returns the runtime of this UID, creating it; the runtime of an older UID is returned for disposal.</summary>
    public (InstanceRuntime Runtime, InstanceRuntime? Replaced) GetOrAdd(ObjectKey key, string uid, Func<InstanceRuntime> create)
    {
        lock (gate)
        {
            if (runtimes.TryGetValue(key, out var existing) && existing.Uid == uid)
            {
                return (existing, null);
            }

            var runtime = create();
            runtimes[key] = runtime;
            return (runtime, existing);
        }
    }

    public InstanceRuntime? Remove(ObjectKey key)
    {
        lock (gate)
        {
            return runtimes.Remove(key, out var runtime) ? runtime : null;
        }
    }

    public IReadOnlyList<InstanceRuntime> RemoveAll()
    {
        lock (gate)
        {
            var all = runtimes.Values.ToList();
            runtimes.Clear();
            return all;
        }
    }
}
