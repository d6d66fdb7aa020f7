using k8s.Models;

namespace Harness.EnvTest.Resources;

/// <summary>An immutable view of everything served at one moment.</summary>
internal sealed class RegistrySnapshot
{
    private static readonly string[] BuiltInGroupOrder =
    [
        "apiregistration.k8s.io", "apps", "events.k8s.io", "coordination.k8s.io", "storage.k8s.io",
        "admissionregistration.k8s.io", "apiextensions.k8s.io",
    ];

    private readonly Dictionary<(string Group, string Version, string Plural), ResourceDefinition> byPath = [];
    private readonly Dictionary<(string Group, string Version), AggregatedApi> aggregatedByVersion = [];

    public RegistrySnapshot(IReadOnlyList<ResourceDefinition> resources, IReadOnlyList<AggregatedApi> aggregated)
    {
        Resources = resources;
        Aggregated = aggregated;
        foreach (var resource in resources)
        {
            byPath[(resource.Group, resource.Version, resource.Plural)] = resource;
        }

        foreach (var api in aggregated)
        {
            aggregatedByVersion[(api.Group, api.Version)] = api;
        }

        var groups = resources.Where(r => r.Group.Length > 0).Select(r => (r.Group, r.Version))
            .Concat(aggregated.Select(a => (a.Group, a.Version)))
            .GroupBy(gv => gv.Group, StringComparer.Ordinal)
            .Select(g => new ApiGroupInfo(g.Key, g.Select(gv => gv.Version).Distinct().OrderBy(v => v, VersionPriority.Instance).ToList()))
            .ToList();
        Groups = groups
            .OrderBy(g => Array.IndexOf(BuiltInGroupOrder, g.Name) is var i && i >= 0 ? i : BuiltInGroupOrder.Length)
            .ThenBy(g => g.Name, StringComparer.Ordinal)
            .ToList();
    }

    public IReadOnlyList<ResourceDefinition> Resources { get; }

    public IReadOnlyList<AggregatedApi> Aggregated { get; }

    /// <summary>Named groups (not the legacy core group), in discovery order, each with versions by priority.</summary>
    public IReadOnlyList<ApiGroupInfo> Groups { get; }

    public ResourceDefinition? Find(string group, string version, string plural) =>
        byPath.GetValueOrDefault((group, version, plural));

    public AggregatedApi? FindAggregated(string group, string version) => aggregatedByVersion.GetValueOrDefault((group, version));

    public bool ServesGroupVersion(string group, string version) =>
        aggregatedByVersion.ContainsKey((group, version)) || Resources.Any(r => r.Group == group && r.Version == version);

    public IEnumerable<ResourceDefinition> InGroupVersion(string group, string version) =>
        Resources.Where(r => r.Group == group && r.Version == version);

    /// <summary>All definitions sharing one storage key (every version of one resource).</summary>
    public IEnumerable<ResourceDefinition> ByStorageKey(string storageKey) => Resources.Where(r => r.StorageKey == storageKey);

    public IReadOnlyList<V1APIResource>? AggregatedResources(string group, string version) =>
        aggregatedByVersion.GetValueOrDefault((group, version))?.Resources;
}
