using Harness.Api.Snapshots;
using k8s.Models;

namespace Harness.Scenarios.Operations;

/// <summary>Creates a VirtualMachineSnapshot of <paramref name="Vm"/>.</summary>
/// <param name="FailureDeadline">A Go duration, or null for the default (5m).</param>
/// <param name="DeletionPolicy">Delete, Retain, or null (Delete).</param>
public sealed record CreateSnapshot(TimeSpan At, string Namespace, string Name, string Vm, string? FailureDeadline, string? DeletionPolicy) : Operation(At)
{
    public override string Subject => $"vmsnapshot {Namespace}/{Name}";

    public override string Describe() =>
        $"create {Subject} of {Vm} deadline {FailureDeadline ?? "default"} policy {DeletionPolicy ?? "default"}";

    public override Task<string> ApplyAsync(OperationContext context) => ApiCall.CreateAsync(
        context.Client,
        new VirtualMachineSnapshot
        {
            Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = Namespace },
            Spec = new VirtualMachineSnapshotSpec
            {
                Source = new V1TypedLocalObjectReference { ApiGroup = "kubevirt.io", Kind = "VirtualMachine", Name = Vm },
                FailureDeadline = FailureDeadline,
                DeletionPolicy = DeletionPolicy,
            },
        });
}
