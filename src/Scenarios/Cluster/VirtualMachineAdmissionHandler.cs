using System.Text.Json;
using Harness.EnvTest.Admission;
using Harness.Simulators.KubeVirt.Admission;

namespace Harness.Scenarios.Cluster;

/// <summary>Runs the KubeVirt simulator's VirtualMachine rules in the embedded server's admission chain.</summary>
public sealed class VirtualMachineAdmissionHandler(VirtualMachineAdmission admission) : IAdmissionHandler
{
    /// <summary>The rule the KubeVirt webhook is registered with: CREATE and UPDATE of virtualmachines.</summary>
    public static IReadOnlyList<AdmissionRule> Rules { get; } =
        [new AdmissionRule(["CREATE", "UPDATE"], ["kubevirt.io"], ["*"], ["virtualmachines"])];

    public ValueTask<AdmissionResponse> ReviewAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var review = JsonSerializer.SerializeToNode(new AdmissionReview { Request = request })!.AsObject();
        var answer = admission.Review(review)["response"]
            ?? throw new InvalidOperationException("the VirtualMachine admission answered without a response");
        return ValueTask.FromResult(answer.Deserialize<AdmissionResponse>()
            ?? throw new InvalidOperationException("the VirtualMachine admission answered an empty response"));
    }
}
