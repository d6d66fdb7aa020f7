using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Restores;
using Harness.Scenarios.Cluster.Events;
using Harness.Scenarios.Faults;
using Harness.Scenarios.Invariants;
using Harness.Scenarios.Operations;
using Harness.Scenarios.Running;
using Harness.Scenarios.Worlds;
using k8s;
using k8s.Models;

namespace Harness.Scenarios.Tests.Chaos;

/// <summary>The VM facet of restore-matches-snapshot, on exact settled states: the restored VM is the captured one after §3.6's changes.</summary>
public sealed class RestoredVmInvariantTests
{
    private const string Ns = "default";
    private static readonly DateTimeOffset At = new(2000, 1, 1, 0, 5, 0, TimeSpan.Zero);
    private static readonly VmSpec Source = new(Ns, "vm1", [new DiskSpec("disk0", "vm1-disk0", "harness-csi", 16)], VmRunState.Running, GuestAgent: true, new Dictionary<string, string>());

    [Fact]
    public void NewTarget_CreatedHaltedOnRestoredClaims_Holds()
    {
        Assert.Empty(VmViolations("vm1-r0", Restored("vm1-r0", "Halted")));
    }

    [Fact]
    public void NewTarget_RunStrategyKept_ViolatedNamingThePath()
    {
        var violation = Assert.Single(VmViolations("vm1-r0", Restored("vm1-r0", "Always")));

        Assert.Contains("spec.runStrategy is \"Always\"", violation.Message, StringComparison.Ordinal);
        Assert.Contains("\"Halted\"", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NewTarget_StillOnTheSourceClaim_Violated()
    {
        var vm = Restored("vm1-r0", "Halted");
        vm["spec"]!["template"]!["spec"]!["volumes"]![0]!["persistentVolumeClaim"]!["claimName"] = "vm1-disk0";

        var violation = Assert.Single(VmViolations("vm1-r0", vm));

        Assert.Contains("spec.template.spec.volumes[0].persistentVolumeClaim.claimName is \"vm1-disk0\"", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SameName_WithoutLegacyFirmwareUuid_Violated()
    {
        var vm = Restored("vm1", "Always");

        var violation = Assert.Single(VmViolations("vm1", vm));

        Assert.Contains("spec.template.spec.domain.firmware is absent", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SameName_PinnedUuidKeptRunStrategy_Holds()
    {
        var vm = Restored("vm1", "Always");
        vm["spec"]!["template"]!["spec"]!["domain"]!["firmware"] = new JsonObject { ["uuid"] = RestoreNaming.LegacyFirmwareUuid("vm1") };

        Assert.Empty(VmViolations("vm1", vm));
    }

    [Fact]
    public void RestoreInProgressLeftOrLastRestoreUidMissing_Violated()
    {
        var vm = Restored("vm1-r0", "Halted");
        vm["status"] = new JsonObject { ["restoreInProgress"] = "r" };
        ((JsonObject)vm["metadata"]!["annotations"]!).Remove(SnapshotApi.LastRestoreUidAnnotation);

        var messages = VmViolations("vm1-r0", vm).Select(v => v.Message).ToList();

        Assert.Contains(messages, m => m.Contains("restoreInProgress still names the restore", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains($"annotation {SnapshotApi.LastRestoreUidAnnotation} is ''", StringComparison.Ordinal));
    }

    /// <summary>The VM a correct restore <c>r</c> of <see cref="Source"/> into <paramref name="target"/> writes, with <paramref name="runStrategy"/>.</summary>
    private static JsonObject Restored(string target, string runStrategy)
    {
        var vm = VirtualMachineManifest.Create(Source with { Name = target });
        vm["metadata"]!["annotations"] = new JsonObject { [SnapshotApi.LastRestoreUidAnnotation] = SnapshotApi.LastRestoreUid("r", "uid-r") };
        vm["spec"]!["runStrategy"] = runStrategy;
        vm["spec"]!["template"]!["metadata"]!["labels"]!["app"] = Source.Name;
        vm["spec"]!["template"]!["spec"]!["volumes"]![0]!["persistentVolumeClaim"]!["claimName"] = "restore-uid-r-disk0";
        return vm;
    }

    private static IEnumerable<Violation> VmViolations(string target, JsonObject vm)
    {
        var captured = KubernetesJson.Deserialize<VirtualMachine>(VirtualMachineManifest.Create(Source).ToJsonString());
        var restore = new VirtualMachineRestore
        {
            Metadata = new V1ObjectMeta { Name = "r", NamespaceProperty = Ns, Uid = "uid-r" },
            Spec = new VirtualMachineRestoreSpec { Target = new V1TypedLocalObjectReference { ApiGroup = "kubevirt.io", Kind = "VirtualMachine", Name = target }, VirtualMachineSnapshotName = "snap" },
            Status = new VirtualMachineRestoreStatus
            {
                Complete = true,
                Restores = [new VolumeRestore { VolumeName = "disk0", PersistentVolumeClaim = "restore-uid-r-disk0", VolumeSnapshotName = "vs-disk0" }],
            },
        };
        var snapshot = new VirtualMachineSnapshot
        {
            Metadata = new V1ObjectMeta { Name = "snap", NamespaceProperty = Ns },
            Spec = new VirtualMachineSnapshotSpec { Source = new V1TypedLocalObjectReference { ApiGroup = "kubevirt.io", Kind = "VirtualMachine", Name = Source.Name } },
            Status = new VirtualMachineSnapshotStatus { VirtualMachineSnapshotContentName = "content" },
        };
        var content = new VirtualMachineSnapshotContent
        {
            Metadata = new V1ObjectMeta { Name = "content", NamespaceProperty = Ns },
            Spec = new VirtualMachineSnapshotContentSpec { VirtualMachineSnapshotName = "snap", Source = new VirtualMachineSnapshotContentSource { VirtualMachine = captured } },
        };
        var state = new ClusterState(At, [snapshot], [content], [restore], [], [], [vm], [], [], new Dictionary<string, string>(), new Dictionary<string, string>());
        var scenario = new Scenario(1, FaultPlans.None, new WorldSpec([Ns], [], [Source]), new OperationSchedule([]));
        var events = new[] { new DomainEvent(0, At, "observer", DomainEventKind.PhaseChanged, "vmrestore default/r", "Incomplete -> Complete") };
        return new RestoreMatchesSnapshot().Check(new ScenarioObservation(scenario, events, state, null, At, null))
            .Where(v => v.Message.StartsWith($"restored VM {Ns}/{target}:", StringComparison.Ordinal));
    }
}
