using Harness.Api.Snapshots;

namespace Harness.Scenarios.Operations;

/// <summary>Deletes a VirtualMachineSnapshot (in progress or done).</summary>
public sealed record DeleteSnapshot(TimeSpan At, string Namespace, string Name) : Operation(At)
{
    public override string Subject => $"vmsnapshot {Namespace}/{Name}";

    public override string Describe() => $"delete {Subject}";

    public override Task<string> ApplyAsync(OperationContext context) => ApiCall.DeleteAsync<VirtualMachineSnapshot>(context.Client, Namespace, Name);
}
