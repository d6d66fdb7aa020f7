using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Simulators.Csi.Stack;
using k8s;
using k8s.Models;

namespace Harness.Benchmarks.Snapshots;

/// <summary>The benchmark's objects in <c>default</c>: running VMs with a guest agent on two Block claims each, and their snapshots.</summary>
internal static class SnapshotWorkload
{
    public const string Namespace = "default";
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(200);

    /// <summary>Creates <paramref name="count"/> VMs <c>vm-N</c> (claims <c>vm-N-a</c>, <c>vm-N-b</c>) and waits until every one runs with its agent connected.</summary>
    public static async Task CreateRunningVmsAsync(IKubernetes client, int count, TimeSpan within)
    {
        for (var i = 0; i < count; i++)
        {
            foreach (var disk in Disks(i))
            {
                await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim(disk), Namespace);
            }

            await client.CustomObjects.CreateNamespacedCustomObjectAsync(Vm(i), KubeVirtApi.Group, KubeVirtApi.Version, Namespace, KubeVirtApi.VirtualMachinePlural);
        }

        await WaitAsync($"{count} VMIs running with their agents", within, async () =>
        {
            var list = await client.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>(KubeVirtApi.Group, KubeVirtApi.Version, Namespace, KubeVirtApi.VirtualMachineInstancePlural);
            return list["items"]!.AsArray().Count(vmi => vmi?["status"]?["phase"]?.GetValue<string>() == "Running"
                && vmi["status"]?["conditions"]?.AsArray().Any(c => c?["type"]?.GetValue<string>() == KubeVirtApi.ConditionTypes.AgentConnected) == true) == count;
        });
    }

    public static Task CreateSnapshotAsync(IKubernetes client, string name, string vm) =>
        client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new JsonObject
            {
                ["apiVersion"] = SnapshotApi.StorageApiVersion,
                ["kind"] = SnapshotApi.SnapshotKind,
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Namespace },
                ["spec"] = new JsonObject { ["source"] = new JsonObject { ["apiGroup"] = KubeVirtApi.Group, ["kind"] = KubeVirtApi.VirtualMachineKind, ["name"] = vm } },
            },
            SnapshotApi.Group, SnapshotApi.StorageVersion, Namespace, SnapshotApi.SnapshotPlural);

    /// <summary>The snapshots that are Succeeded and ready to use.</summary>
    public static async Task<int> SucceededCountAsync(IKubernetes client)
    {
        var list = await client.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>(SnapshotApi.Group, SnapshotApi.StorageVersion, Namespace, SnapshotApi.SnapshotPlural);
        return list["items"]!.AsArray().Count(s => s?["status"]?["phase"]?.GetValue<string>() == SnapshotApi.PhaseSucceeded && s["status"]?["readyToUse"]?.GetValue<bool>() == true);
    }

    /// <summary>Waits until no VM is held by a snapshot (<c>status.snapshotInProgress</c> cleared everywhere).</summary>
    public static Task WaitUnlockedAsync(IKubernetes client, TimeSpan within) =>
        WaitAsync("every VM unlocked", within, async () =>
        {
            var list = await client.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>(KubeVirtApi.Group, KubeVirtApi.Version, Namespace, KubeVirtApi.VirtualMachinePlural);
            return list["items"]!.AsArray().All(vm => vm?["status"]?["snapshotInProgress"] is null);
        });

    public static string VmName(int i) => $"vm-{i}";

    private static async Task WaitAsync(string what, TimeSpan within, Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(within);
        while (!await condition())
        {
            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"not reached within {within}: {what}");
            }

            await Task.Delay(PollEvery);
        }
    }

    private static string[] Disks(int i) => [$"{VmName(i)}-a", $"{VmName(i)}-b"];

    private static V1PersistentVolumeClaim Claim(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            StorageClassName = CsiStackOptions.DefaultStorageClassName,
            VolumeMode = "Block",
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("16Mi") } },
        },
    };

    private static JsonObject Vm(int i)
    {
        var disks = Disks(i);
        return new JsonObject
        {
            ["apiVersion"] = KubeVirtApi.ApiVersion,
            ["kind"] = KubeVirtApi.VirtualMachineKind,
            ["metadata"] = new JsonObject { ["name"] = VmName(i), ["namespace"] = Namespace },
            ["spec"] = new JsonObject
            {
                ["runStrategy"] = KubeVirtApi.RunStrategies.Always,
                ["template"] = new JsonObject
                {
                    ["spec"] = new JsonObject
                    {
                        ["domain"] = new JsonObject
                        {
                            ["devices"] = new JsonObject { ["disks"] = new JsonArray([.. disks.Select(d => (JsonNode)new JsonObject { ["name"] = d, ["disk"] = new JsonObject { ["bus"] = "virtio" } })]) },
                            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["memory"] = "128Mi" } },
                        },
                        ["volumes"] = new JsonArray([.. disks.Select(d => (JsonNode)new JsonObject { ["name"] = d, ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = d } })]),
                    },
                },
            },
        };
    }
}
