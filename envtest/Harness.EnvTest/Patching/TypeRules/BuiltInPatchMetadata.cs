using System.Collections.Frozen;

namespace Harness.EnvTest.Patching.TypeRules;

/// <summary>
/// The <c>patchStrategy</c>/<c>patchMergeKey</c> tags and <c>+listType</c>/<c>+listMapKey</c> markers of
/// the list fields of the built-in kinds this server serves, as declared in k8s.io/api. One table per
/// kind, keyed by field path; a list absent from its table is atomic and replaced as a whole.
/// </summary>
internal static class BuiltInPatchMetadata
{
    /// <summary>The lists of <c>metadata</c>, shared by every kind including custom resources.</summary>
    public static FrozenDictionary<string, ListRule> ObjectMetaLists { get; } = new Dictionary<string, ListRule>
    {
        ["metadata.finalizers"] = ListRule.MergeSet,
        ["metadata.ownerReferences"] = ListRule.MergeBy("uid"),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, FrozenDictionary<string, ListRule>> Tables = BuildTables();

    /// <summary>The table of a built-in kind; a kind without list fields of its own has only <c>metadata</c>'s.</summary>
    public static FrozenDictionary<string, ListRule> ListsOf(string group, string kind) =>
        Tables.TryGetValue($"{group}/{kind}", out var table) ? table : ObjectMetaLists;

    private static FrozenDictionary<string, FrozenDictionary<string, ListRule>> BuildTables()
    {
        var conditions = ListRule.MergeBy("type");
        var tables = new Dictionary<string, Dictionary<string, ListRule>>
        {
            ["/Pod"] = PodLists(),
            ["/Namespace"] = new() { ["status.conditions"] = conditions },
            ["/PersistentVolumeClaim"] = new() { ["status.conditions"] = conditions },
            ["apiextensions.k8s.io/CustomResourceDefinition"] = new()
            {
                ["status.conditions"] = new ListRule(ListType.Map, ["type"], SmpListStrategy.Replace, null),
            },
            ["admissionregistration.k8s.io/ValidatingWebhookConfiguration"] = WebhookLists(),
            ["admissionregistration.k8s.io/MutatingWebhookConfiguration"] = WebhookLists(),
        };

        return tables.ToFrozenDictionary(
            t => t.Key,
            t => t.Value.Concat(ObjectMetaLists).ToFrozenDictionary(e => e.Key, e => e.Value));
    }

    private static Dictionary<string, ListRule> WebhookLists() => new()
    {
        ["webhooks"] = ListRule.MergeBy("name"),
        ["webhooks.matchConditions"] = ListRule.MergeBy("name"),
    };

    private static Dictionary<string, ListRule> PodLists()
    {
        var byName = ListRule.MergeBy("name");
        var byIp = ListRule.MergeBy("ip");
        var table = new Dictionary<string, ListRule>
        {
            ["spec.volumes"] = byName,
            ["spec.imagePullSecrets"] = byName,
            ["spec.hostAliases"] = byIp,
            ["spec.topologySpreadConstraints"] = new(ListType.Map, ["topologyKey", "whenUnsatisfiable"], SmpListStrategy.Merge, "topologyKey"),
            ["spec.schedulingGates"] = byName,
            ["spec.resourceClaims"] = byName,
            ["status.conditions"] = ListRule.MergeBy("type"),
            ["status.podIPs"] = byIp,
            ["status.hostIPs"] = byIp,
            ["status.resourceClaimStatuses"] = byName,
        };
        foreach (var containers in new[] { "spec.containers", "spec.initContainers", "spec.ephemeralContainers" })
        {
            table[containers] = byName;
            table[$"{containers}.ports"] = new(ListType.Map, ["containerPort", "protocol"], SmpListStrategy.Merge, "containerPort");
            table[$"{containers}.env"] = byName;
            table[$"{containers}.volumeMounts"] = ListRule.MergeBy("mountPath");
            table[$"{containers}.volumeDevices"] = ListRule.MergeBy("devicePath");
            table[$"{containers}.resources.claims"] = new(ListType.Map, ["name"], SmpListStrategy.Replace, null);
        }

        return table;
    }
}
