using Harness.Api.Snapshots;

namespace Harness.Scenarios.Operations;

/// <summary>Deletes a VirtualMachineRestore (in progress or done).</summary>
public sealed record DeleteRestore(TimeSpan At, string Namespace, string Name) : Operation(At)
{
    public override string Subject => $"vmrestore {Namespace}/{Name}";

    public override string Describe() => $"delete {Subject}";

    public override Task<string> ApplyAsync(OperationContext context) => ApiCall.DeleteAsync<VirtualMachineRestore>(context.Client, Namespace, Name);
}
