using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using k8s;
using k8s.Models;

namespace Harness.Controller.Tests.Admission;

/// <summary>Writes the objects the admission tests need (snapshots, contents, restores, VMs) as JSON, in one namespace.</summary>
internal sealed class SnapshotWorld(IKubernetes client, string ns)
{
    public string Namespace => ns;

    public static JsonObject Snapshot(string name, string vm, string? apiGroup = KubeVirtApi.Group, string kind = KubeVirtApi.VirtualMachineKind, string? failureDeadline = null, string version = SnapshotApi.V1Beta1)
    {
        var source = new JsonObject { ["kind"] = kind, ["name"] = vm };
        if (apiGroup is not null)
        {
            source["apiGroup"] = apiGroup;
        }

        var spec = new JsonObject { ["source"] = source };
        if (failureDeadline is not null)
        {
            spec["failureDeadline"] = failureDeadline;
        }

        return Object(SnapshotApi.SnapshotKind, name, version, spec);
    }

    public static JsonObject Restore(string name, string target, string snapshot, JsonObject? extra = null, string? apiGroup = KubeVirtApi.Group, string kind = KubeVirtApi.VirtualMachineKind, string version = SnapshotApi.V1Beta1)
    {
        var reference = new JsonObject { ["kind"] = kind, ["name"] = target };
        if (apiGroup is not null)
        {
            reference["apiGroup"] = apiGroup;
        }

        var spec = new JsonObject { ["target"] = reference, ["virtualMachineSnapshotName"] = snapshot };
        foreach (var (field, value) in extra ?? [])
        {
            spec[field] = value?.DeepClone();
        }

        return Object(SnapshotApi.RestoreKind, name, version, spec);
    }

    public Task CreateAsync(string plural, JsonObject obj)
    {
        var version = obj["apiVersion"]!.GetValue<string>().Split('/')[1];
        return client.CustomObjects.CreateNamespacedCustomObjectAsync(obj, SnapshotApi.Group, version, ns, plural);
    }

    public async Task<JsonObject> GetAsync(string plural, string name) =>
        JsonNode.Parse(KubernetesJson.Serialize(await client.CustomObjects.GetNamespacedCustomObjectAsync(SnapshotApi.Group, SnapshotApi.StorageVersion, ns, plural, name)))!.AsObject();

    public Task ReplaceAsync(string plural, JsonObject obj) =>
        client.CustomObjects.ReplaceNamespacedCustomObjectAsync(obj, SnapshotApi.Group, SnapshotApi.StorageVersion, ns, plural, obj["metadata"]!["name"]!.GetValue<string>());

    public Task SetStatusAsync(string plural, string name, JsonObject status) =>
        client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(new JsonObject { ["status"] = status }.ToJsonString(), V1Patch.PatchType.MergePatch), SnapshotApi.Group, SnapshotApi.StorageVersion, ns, plural, name);

    /// <summary>A VM (with a persistent TPM when asked); returns its UID.</summary>
    public async Task<string> CreateVirtualMachineAsync(string name, bool persistentTpm = false)
    {
        var created = await client.CustomObjects.CreateNamespacedCustomObjectAsync(
            VirtualMachine(name, persistentTpm), KubeVirtApi.Group, KubeVirtApi.Version, ns, KubeVirtApi.VirtualMachinePlural);
        return JsonNode.Parse(KubernetesJson.Serialize(created))!["metadata"]!["uid"]!.GetValue<string>();
    }

    /// <summary>
    /// A Succeeded-looking snapshot of <paramref name="vm"/> (source UID <paramref name="sourceUid"/>) with its content,
    /// whose captured VM has a persistent TPM when asked; <paramref name="withContentName"/> false leaves the status without the content's name.
    /// </summary>
    public async Task CreateSnapshotWithContentAsync(string name, string vm, string sourceUid, bool persistentTpm, bool withContentName = true)
    {
        var contentName = $"vmsnapshot-content-{name}";
        await CreateAsync(SnapshotApi.SnapshotPlural, Snapshot(name, vm));
        await CreateAsync(SnapshotApi.ContentPlural, Object(SnapshotApi.ContentKind, contentName, SnapshotApi.V1Beta1, new JsonObject
        {
            ["virtualMachineSnapshotName"] = name,
            ["source"] = new JsonObject { ["virtualMachine"] = VirtualMachine(vm, persistentTpm) },
            ["volumeBackups"] = new JsonArray(),
        }));
        var status = new JsonObject { ["sourceUID"] = sourceUid, ["readyToUse"] = true, ["phase"] = SnapshotApi.PhaseSucceeded };
        if (withContentName)
        {
            status["virtualMachineSnapshotContentName"] = contentName;
        }

        await SetStatusAsync(SnapshotApi.SnapshotPlural, name, status);
    }

    private static JsonObject VirtualMachine(string name, bool persistentTpm)
    {
        var devices = new JsonObject();
        if (persistentTpm)
        {
            devices["tpm"] = new JsonObject { ["persistent"] = true };
        }

        return new JsonObject
        {
            ["apiVersion"] = KubeVirtApi.ApiVersion,
            ["kind"] = KubeVirtApi.VirtualMachineKind,
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["runStrategy"] = KubeVirtApi.RunStrategies.Halted,
                ["template"] = new JsonObject { ["spec"] = new JsonObject { ["domain"] = new JsonObject { ["devices"] = devices } } },
            },
        };
    }

    private static JsonObject Object(string kind, string name, string version, JsonObject spec) => new()
    {
        ["apiVersion"] = $"{SnapshotApi.Group}/{version}",
        ["kind"] = kind,
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = spec,
    };
}
