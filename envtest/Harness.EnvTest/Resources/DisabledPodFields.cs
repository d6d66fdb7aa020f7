using System.Text.Json.Nodes;
using Harness.EnvTest.Validation;

namespace Harness.EnvTest.Resources;

/// <summary>
/// kube's <c>DropDisabledPodFields</c> for the spec fields of the feature gates kube-apiserver 1.32 ships off: such a field
/// is dropped on create and update unless the stored pod already uses it — <c>hostUsers</c>, <c>supplementalGroupsPolicy</c>,
/// <c>seLinuxChangePolicy</c>, pod-level <c>resources</c>, dynamic resource allocation (<c>resourceClaims</c>, containers'
/// <c>resources.claims</c>), in-place resize (containers' <c>resizePolicy</c>), ClusterTrustBundle projections, image
/// volumes and their mounts; a <c>procMount</c> is set back to <c>Default</c>. The status fields of those features are not
/// dropped yet.
/// </summary>
internal static class DisabledPodFields
{
    private static readonly string[] ContainerLists = ["initContainers", "containers", "ephemeralContainers"];

    /// <summary>Drops from <paramref name="pod"/>'s spec and status what <paramref name="old"/> (null on create) does not use.</summary>
    public static void Drop(JsonObject pod, JsonObject? old)
    {
        var spec = JsonFields.Object(pod, "spec");
        var oldSpec = JsonFields.Object(old, "spec");
        var context = JsonFields.Object(spec, "securityContext");
        var oldContext = JsonFields.Object(oldSpec, "securityContext");
        if (oldSpec?["hostUsers"] is null)
        {
            spec?.Remove("hostUsers");
        }

        foreach (var field in new[] { "supplementalGroupsPolicy", "seLinuxChangePolicy" }.Where(field => oldContext?[field] is null))
        {
            context?.Remove(field);
        }

        if (JsonFields.Object(JsonFields.Object(oldSpec, "resources"), "requests") is not { Count: > 0 }
            && JsonFields.Object(JsonFields.Object(oldSpec, "resources"), "limits") is not { Count: > 0 })
        {
            spec?.Remove("resources");
        }

        var containers = ContainerLists.SelectMany(list => JsonFields.Array(spec, list)).OfType<JsonObject>().ToList();
        var oldContainers = ContainerLists.SelectMany(list => JsonFields.Array(oldSpec, list)).OfType<JsonObject>().ToList();
        if (JsonFields.Array(oldSpec, "resourceClaims").Count == 0)
        {
            spec?.Remove("resourceClaims");
            containers.ForEach(c => JsonFields.Object(c, "resources")?.Remove("claims"));
        }

        if (!oldContainers.Any(c => JsonFields.Array(c, "resizePolicy").Count > 0))
        {
            containers.ForEach(c => c.Remove("resizePolicy"));
        }

        if (!oldContainers.Any(c => JsonFields.String(JsonFields.Object(c, "securityContext"), "procMount") is { } mount && mount != "Default"))
        {
            foreach (var containerContext in containers.Select(c => JsonFields.Object(c, "securityContext")).OfType<JsonObject>().Where(c => c["procMount"] is not null))
            {
                containerContext["procMount"] = "Default";
            }
        }

        DropVolumeFeatures(spec, oldSpec, containers);
    }

    private static void DropVolumeFeatures(JsonObject? spec, JsonObject? oldSpec, List<JsonObject> containers)
    {
        var oldVolumes = JsonFields.Array(oldSpec, "volumes").OfType<JsonObject>().ToList();
        if (!oldVolumes.Any(v => JsonFields.Array(JsonFields.Object(v, "projected"), "sources").Any(s => s?["clusterTrustBundle"] is not null)))
        {
            foreach (var source in JsonFields.Array(spec, "volumes").SelectMany(v => JsonFields.Array(JsonFields.Object(v, "projected"), "sources")).OfType<JsonObject>())
            {
                source.Remove("clusterTrustBundle");
            }
        }

        if (oldVolumes.Any(v => v["image"] is not null) || spec?["volumes"] is not JsonArray volumes)
        {
            return;
        }

        var images = volumes.OfType<JsonObject>().Where(v => v["image"] is not null).ToList();
        var names = images.Select(v => JsonFields.String(v, "name")).ToHashSet(StringComparer.Ordinal);
        RemoveAll(spec, "volumes", images);
        foreach (var container in containers.Where(c => c["volumeMounts"] is JsonArray))
        {
            RemoveAll(container, "volumeMounts", JsonFields.Array(container, "volumeMounts").OfType<JsonObject>().Where(m => names.Contains(JsonFields.String(m, "name"))).ToList());
        }
    }

    /// <summary>Removes <paramref name="items"/> from <paramref name="owner"/>'s list <paramref name="name"/>, and the list once empty (Go's nil slice).</summary>
    private static void RemoveAll(JsonObject owner, string name, List<JsonObject> items)
    {
        if (items.Count == 0 || owner[name] is not JsonArray list)
        {
            return;
        }

        items.ForEach(item => list.Remove(item));
        if (list.Count == 0)
        {
            owner.Remove(name);
        }
    }
}
