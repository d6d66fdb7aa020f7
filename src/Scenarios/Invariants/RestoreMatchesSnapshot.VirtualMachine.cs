using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Restores;
using Harness.Scenarios.Cluster.Events;
using k8s;

namespace Harness.Scenarios.Invariants;

/// <summary>
/// The VM facet: the last restore to complete into each target left the VM its snapshot captured after the documented
/// changes (§3.6) and nothing else — the same spec with each restored claim volume on its restored claim, memory
/// dumps dropped; a new target created <c>Halted</c> (legacy <c>running: false</c>) with the captured labels and
/// annotations, an existing one keeping its run strategy; a VM restored under its own name pinned to the legacy
/// firmware UUID when the captured spec sets none (a new name keeps the captured UUID and MACs); this restore's
/// <c>lastRestoreUID</c>; <c>status.restoreInProgress</c> cleared. Restores with <c>patches</c> are not compared (the
/// generator makes none).
/// </summary>
public sealed partial class RestoreMatchesSnapshot
{
    private IEnumerable<Violation> RestoredVms(ScenarioObservation observation, ClusterState state)
    {
        var completed = observation.Events
            .Where(e => e.Kind == DomainEventKind.PhaseChanged && e.Detail.EndsWith("-> Complete", StringComparison.Ordinal))
            .Select(e => e.Subject)
            .ToList();
        var last = state.Restores
            .Where(r => r.Status?.Complete == true && r.Spec.Patches is not { Count: > 0 })
            .GroupBy(r => (r.Metadata.NamespaceProperty, r.Spec.Target.Name))
            .Select(g => g.MaxBy(r => completed.LastIndexOf($"vmrestore {r.Metadata.NamespaceProperty}/{r.Metadata.Name}"))!);
        foreach (var restore in last)
        {
            var ns = restore.Metadata.NamespaceProperty;
            var content = state.Contents.FirstOrDefault(c => c.Metadata.NamespaceProperty == ns
                && c.Metadata.Name == state.Snapshot(ns, restore.Spec.VirtualMachineSnapshotName)?.Status?.VirtualMachineSnapshotContentName);
            if (content?.Spec.Source.VirtualMachine is not { } captured || state.VirtualMachine(ns, restore.Spec.Target.Name) is not { } json)
            {
                continue;
            }

            var subject = $"vmrestore {ns}/{restore.Metadata.Name}";
            foreach (var problem in VmProblems(restore, captured, KubernetesJson.Deserialize<VirtualMachine>(json.ToJsonString())))
            {
                yield return new Violation(Name, subject, state.At, $"restored VM {ns}/{restore.Spec.Target.Name}: {problem}");
            }
        }
    }

    private static IEnumerable<string> VmProblems(VirtualMachineRestore restore, VirtualMachine captured, VirtualMachine actual)
    {
        var sameName = captured.Metadata.Name == restore.Spec.Target.Name;
        var expected = ToJson(captured.Spec);
        var actualSpec = ToJson(actual.Spec);
        if (expected["template"]?["spec"]?["volumes"] is JsonArray volumes)
        {
            foreach (var volume in volumes.OfType<JsonObject>().Where(v => v.ContainsKey("memoryDump")).ToList())
            {
                volumes.Remove(volume);
            }

            foreach (var volume in volumes.OfType<JsonObject>())
            {
                var entry = restore.Status?.Restores?.FirstOrDefault(r => r.VolumeName == volume["name"]?.GetValue<string>());
                if (entry is not null && volume["persistentVolumeClaim"] is JsonObject claim)
                {
                    claim["claimName"] = entry.PersistentVolumeClaim;
                }
            }
        }

        if (!sameName)
        {
            if (expected.ContainsKey("running"))
            {
                expected["running"] = false;
            }
            else
            {
                expected["runStrategy"] = KubeVirtApi.RunStrategies.Halted;
            }
        }
        else
        {
            expected["running"] = actualSpec["running"]?.DeepClone();
            expected["runStrategy"] = actualSpec["runStrategy"]?.DeepClone();
            if (string.IsNullOrEmpty(expected["template"]?["spec"]?["domain"]?["firmware"]?["uuid"]?.GetValue<string>())
                && expected["template"]?["spec"]?["domain"] is JsonObject domain)
            {
                domain["firmware"] ??= new JsonObject();
                domain["firmware"]!["uuid"] = RestoreNaming.LegacyFirmwareUuid(restore.Spec.Target.Name);
            }
        }

        if (FirstDifference("spec", Prune(expected), Prune(actualSpec)) is { } difference)
        {
            yield return difference;
        }

        var uid = SnapshotApi.LastRestoreUid(restore.Metadata.Name, restore.Metadata.Uid);
        string? written = null;
        if (actual.Metadata.Annotations?.TryGetValue(SnapshotApi.LastRestoreUidAnnotation, out written) != true || written != uid)
        {
            yield return $"annotation {SnapshotApi.LastRestoreUidAnnotation} is '{written}', not '{uid}'";
        }

        if (!sameName)
        {
            var annotations = new Dictionary<string, string>(captured.Metadata.Annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal) { [SnapshotApi.LastRestoreUidAnnotation] = uid };
            if (FirstDifference("metadata.labels", ToJson(captured.Metadata.Labels ?? new Dictionary<string, string>()), ToJson(actual.Metadata.Labels ?? new Dictionary<string, string>())) is { } labels)
            {
                yield return labels;
            }

            if (FirstDifference("metadata.annotations", ToJson(annotations), ToJson(actual.Metadata.Annotations ?? new Dictionary<string, string>())) is { } differs)
            {
                yield return differs;
            }
        }

        if (actual.Status?.RestoreInProgress == restore.Metadata.Name)
        {
            yield return "status.restoreInProgress still names the restore";
        }
    }

    private static JsonObject ToJson(object value) => JsonNode.Parse(KubernetesJson.Serialize(value))!.AsObject();

    /// <summary>The object without null members, so an absent field and an explicit null compare equal.</summary>
    private static JsonNode? Prune(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
            {
                obj.Remove(key);
            }

            foreach (var (_, value) in obj)
            {
                Prune(value);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                Prune(item);
            }
        }

        return node;
    }

    /// <summary>The first path where the two differ, with both values, or null when they are equal.</summary>
    private static string? FirstDifference(string path, JsonNode? expected, JsonNode? actual)
    {
        if (JsonNode.DeepEquals(expected, actual))
        {
            return null;
        }

        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var key in e.Select(p => p.Key).Union(a.Select(p => p.Key)).Order(StringComparer.Ordinal))
                {
                    if (FirstDifference($"{path}.{key}", e[key], a[key]) is { } inner)
                    {
                        return inner;
                    }
                }

                break;
            case (JsonArray e, JsonArray a) when e.Count == a.Count:
                for (var i = 0; i < e.Count; i++)
                {
                    if (FirstDifference($"{path}[{i}]", e[i], a[i]) is { } inner)
                    {
                        return inner;
                    }
                }

                break;
        }

        return $"{path} is {actual?.ToJsonString() ?? "absent"}, the snapshot's VM after the restore's changes has {expected?.ToJsonString() ?? "none"}";
    }
}
