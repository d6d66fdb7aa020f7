using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Controller.Tests.Conformance;
using Harness.Controller.Tests.World;
using Harness.EnvTest.Admission;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;

namespace Harness.Controller.Tests.Restores;

/// <summary>
/// Restart safety of a restore to a new VM pinned to its instancetype revisions: the controller crashed at each of
/// the writes that re-create the revisions, create the VM and hand the revisions to it, the write landed or lost;
/// the new controller finishes from the API server alone, so the new VM ends up controlling both of its revisions.
/// </summary>
public sealed class InstancetypeRestoreRestartTests
{
    private static readonly CrashPoint[] Points =
    [
        new("restored revision created", Rule("CREATE", "apps", "controllerrevisions"), (o, _) => IsRestoredRevision(o)),
        new("restored VM created", Rule("CREATE", KubeVirtApi.Group, "virtualmachines"), (o, _) => o?["metadata"]?["name"]?.GetValue<string>() == "vm1-new"),
        new("revision handed to the VM", Rule("UPDATE", "apps", "controllerrevisions"), (o, old) => IsRestoredRevision(o) && Owners(o) > 0 && Owners(old) == 0),
    ];

    public static TheoryData<string, bool> Crashes()
    {
        var data = new TheoryData<string, bool>();
        foreach (var point in Points)
        {
            data.Add(point.Name, true);
            data.Add(point.Name, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Crashes))]
    [Trait("DeterministicOnly", "crashes the in-process controller from an in-process admission at each of its writes")]
    public void ControllerCrashedAtAWrite_NewVmControlsItsRevisions(string point, bool writeLands)
    {
        var world = new ControllerWorld();
        world.Run(async () =>
        {
            var vm = await InstancetypeSnapshotTests.CreateVmAsync(world, "Halted");
            var pinned = await InstancetypeSnapshotTests.PinAsync(world, vm);
            await world.TakeSnapshotAsync("snap1", "vm1");
            var crash = new CrashingAdmission(world, Points.Single(p => p.Name == point), writeLands);
            crash.Register();

            await world.CreateRestoreAsync("restore1", "vm1-new", "snap1");
            await world.WaitRestoreCompleteAsync("restore1", "vm1-new");
            await crash.Restart;

            Assert.Single(world.Events.Of(DomainEventKind.ComponentCrashed, ComponentNames.Controller));
            var created = await world.WaitRevisionRefsAsync("vm1-new");
            foreach (var name in new[] { pinned.Instancetype, pinned.Preference }.Select(n => n.Replace("vm1", "vm1-new", StringComparison.Ordinal)))
            {
                var revision = await world.WaitForAsync($"{name} controlled by vm1-new", async () =>
                    await world.ControllerRevisionAsync(name) is { Metadata.OwnerReferences: [{ Controller: true } owner] } r && owner.Uid == created.Metadata.Uid ? r : null);
                Assert.Equal("VirtualMachine", revision.Metadata.OwnerReferences[0].Kind);
            }
        });
    }

    private static AdmissionRule Rule(string operation, string group, string resource) => new([operation], [group], ["*"], [resource]);

    private static bool IsRestoredRevision(JsonNode? revision) =>
        revision?["metadata"]?["name"]?.GetValue<string>() is { } name && name.StartsWith("vm1-new-", StringComparison.Ordinal);

    private static int Owners(JsonNode? revision) => (revision?["metadata"]?["ownerReferences"] as JsonArray)?.Count ?? 0;
}
