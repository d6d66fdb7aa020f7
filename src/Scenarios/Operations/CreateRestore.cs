using Harness.Api.Snapshots;
using k8s.Models;

namespace Harness.Scenarios.Operations;

/// <summary>Creates a VirtualMachineRestore of <paramref name="Snapshot"/> into <paramref name="Target"/> (the source VM: in place; another name: a new VM).</summary>
/// <param name="ReadinessPolicy">The target readiness policy, or null (WaitGracePeriod).</param>
public sealed record CreateRestore(TimeSpan At, string Namespace, string Name, string Snapshot, string Target, string? ReadinessPolicy) : Operation(At)
{
    public override string Subject => $"vmrestore {Namespace}/{Name}";

    public override string Describe() => $"create {Subject} of {Snapshot} into {Target} readiness {ReadinessPolicy ?? "default"}";

    public override Task<string> ApplyAsync(OperationContext context) => ApiCall.CreateAsync(
        context.Client,
        new VirtualMachineRestore
        {
            Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = Namespace },
            Spec = new VirtualMachineRestoreSpec
            {
                Target = new V1TypedLocalObjectReference { ApiGroup = "kubevirt.io", Kind = "VirtualMachine", Name = Target },
                VirtualMachineSnapshotName = Snapshot,
                TargetReadinessPolicy = ReadinessPolicy,
            },
        });
}
