using k8s;
using k8s.Models;

namespace Harness.Scenarios.Operations;

/// <summary>Starts or stops a VM as <c>virtctl start/stop</c> does in effect: its runStrategy becomes Always or Halted.</summary>
public sealed record SetRunning(TimeSpan At, string Namespace, string Vm, bool Running) : Operation(At)
{
    public override string Subject => $"vm {Namespace}/{Vm}";

    public override string Describe() => $"{(Running ? "start" : "stop")} {Subject}";

    public override Task<string> ApplyAsync(OperationContext context) => ApiCall.RunAsync(
        Running ? "runStrategy Always" : "runStrategy Halted",
        () => context.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch($"{{\"spec\":{{\"runStrategy\":\"{(Running ? "Always" : "Halted")}\"}}}}", V1Patch.PatchType.MergePatch),
            "kubevirt.io",
            "v1",
            Namespace,
            "virtualmachines",
            Vm));
}
