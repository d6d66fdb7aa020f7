using System.Text.Json.Nodes;
using Harness.Api.Instancetypes;
using Harness.Api.KubeVirt;
using k8s;
using k8s.Models;

namespace Harness.Controller.Tests.World;

/// <summary>The instancetype facet: instance types, preferences, and the ControllerRevisions that keep a VM's copies of them.</summary>
internal sealed partial class ControllerWorld
{
    /// <summary>Creates the namespaced instance type <paramref name="name"/>, as upstream's restore tests do (1 vCPU, 128Mi).</summary>
    public Task<object> CreateInstancetypeAsync(string name, uint cpus = 1, string memory = "128Mi") =>
        CreateInstancetypeObjectAsync(InstancetypeApi.InstancetypePlural, InstancetypeApi.InstancetypeKind, name, new JsonObject
        {
            ["cpu"] = new JsonObject { ["guest"] = cpus },
            ["memory"] = new JsonObject { ["guest"] = memory },
        });

    /// <summary>Creates the namespaced preference <paramref name="name"/> with a preferred CPU topology.</summary>
    public Task<object> CreatePreferenceAsync(string name, string topology = InstancetypeApi.CpuTopologies.Sockets) =>
        CreateInstancetypeObjectAsync(InstancetypeApi.PreferencePlural, InstancetypeApi.PreferenceKind, name, new JsonObject
        {
            ["cpu"] = new JsonObject { ["preferredCPUTopology"] = topology },
        });

    public async Task<V1ControllerRevision?> ControllerRevisionAsync(string name)
    {
        try
        {
            return await Client.AppsV1.ReadNamespacedControllerRevisionAsync(name, Namespace);
        }
        catch (Exception e) when (IsNotFound(e))
        {
            return null;
        }
    }

    /// <summary>Upstream's <c>HaveControllerRevisionRefs</c>: waits until the VM's status names the revisions of its instance type and preference.</summary>
    public Task<VirtualMachine> WaitRevisionRefsAsync(string vm) =>
        WaitForAsync($"{vm} has instancetype and preference ControllerRevision refs", async () =>
            await VmAsync(vm) is { Status: { InstancetypeRef.ControllerRevisionRef.Name: not null, PreferenceRef.ControllerRevisionRef.Name: not null } } read ? read : null);

    /// <summary>Upstream's <c>EnsureControllerRevisionObjectsEqual</c>: both revisions exist and hold objects with equal specs.</summary>
    public async Task AssertSameRevisionObjectAsync(string expected, string actual)
    {
        var (a, b) = (await ControllerRevisionAsync(expected), await ControllerRevisionAsync(actual));
        Assert.True(a is not null, $"ControllerRevision {expected} exists");
        Assert.True(b is not null, $"ControllerRevision {actual} exists");
        var (specA, specB) = (DataOf(a)["spec"], DataOf(b)["spec"]);
        Assert.True(JsonNode.DeepEquals(specA, specB), $"{expected} holds {specA?.ToJsonString()}, {actual} holds {specB?.ToJsonString()}");
    }

    /// <summary>The object a ControllerRevision holds.</summary>
    public static JsonObject DataOf(V1ControllerRevision revision) => JsonNode.Parse(KubernetesJson.Serialize(revision.Data))!.AsObject();

    private Task<object> CreateInstancetypeObjectAsync(string plural, string kind, string name, JsonObject spec) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new JsonObject
            {
                ["apiVersion"] = InstancetypeApi.ApiVersion,
                ["kind"] = kind,
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Namespace },
                ["spec"] = spec,
            },
            InstancetypeApi.Group, InstancetypeApi.Version, Namespace, plural);
}
