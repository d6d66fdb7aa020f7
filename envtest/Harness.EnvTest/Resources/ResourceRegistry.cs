using Harness.EnvTest.Requests;
using k8s.Models;

namespace Harness.EnvTest.Resources;

/// <summary>
/// What the server serves: built-in resources, resources of established CRDs (keyed by CRD name) and
/// aggregated group/versions. Readers get an immutable snapshot; writers replace it.
/// </summary>
internal sealed class ResourceRegistry
{
    private readonly Lock gate = new();
    private readonly IReadOnlyList<ResourceDefinition> builtIns;
    private readonly Dictionary<string, IReadOnlyList<ResourceDefinition>> custom = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AggregatedApi> aggregated = new(StringComparer.Ordinal);
    private readonly HashSet<string> terminating = new(StringComparer.Ordinal);
    private volatile RegistrySnapshot snapshot;

    public ResourceRegistry(IReadOnlyList<ResourceDefinition> builtIns)
    {
        this.builtIns = builtIns;
        snapshot = Build();
    }

    public RegistrySnapshot Current => snapshot;

    public void SetCustom(string crdName, IReadOnlyList<ResourceDefinition> versions)
    {
        lock (gate)
        {
            if (versions.Count == 0)
            {
                custom.Remove(crdName);
            }
            else
            {
                custom[crdName] = versions;
            }

            snapshot = Build();
        }
    }

    /// <summary>Marks a custom resource whose CRD is being deleted: no creates, and its last object releases the CRD.</summary>
    public void SetTerminating(string storageKey, bool value)
    {
        lock (gate)
        {
            if (value)
            {
                terminating.Add(storageKey);
            }
            else
            {
                terminating.Remove(storageKey);
            }
        }
    }

    public bool IsTerminating(ResourceDefinition definition)
    {
        lock (gate)
        {
            return terminating.Contains(definition.StorageKey);
        }
    }

    public void SetAggregated(string group, string version, IApiHandler backend, IReadOnlyList<V1APIResource> resources)
    {
        lock (gate)
        {
            aggregated[group + "/" + version] = new AggregatedApi(group, version, backend, resources);
            snapshot = Build();
        }
    }

    private RegistrySnapshot Build() =>
        new(builtIns.Concat(custom.OrderBy(c => c.Key, StringComparer.Ordinal).SelectMany(c => c.Value)).ToList(), aggregated.Values.ToList());
}
