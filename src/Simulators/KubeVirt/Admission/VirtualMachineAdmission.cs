using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Reconciling;
using Harness.Reflectors;
using k8s;
using k8s.Models;

namespace Harness.Simulators.KubeVirt.Admission;

/// <summary>
/// The VirtualMachine validating webhook rules that protect snapshots and restores (behaviour reference
/// §4.3), as an <c>admission.k8s.io/v1</c> AdmissionReview reviewer: while <c>status.snapshotInProgress</c>
/// is set, an UPDATE may not change the template volumes nor the running state; while
/// <c>status.restoreInProgress</c> is set, an UPDATE that changes the spec may not change the run
/// strategy. Denials carry virt-api's causes (<c>FieldValueNotSupported</c> on <c>spec</c>) and code 422.
/// It is called for CREATE and UPDATE of <c>kubevirt.io virtualmachines</c> (not <c>/status</c>): <see cref="Endpoint"/>.
/// </summary>
public sealed class VirtualMachineAdmission : IAdmissionReviewer
{
    /// <summary>The webhook's name, as KubeVirt registers it.</summary>
    public const string WebhookName = "virtualmachine-validator.kubevirt.io";

    /// <summary>The webhook's URL path, as virt-api serves it.</summary>
    public const string Path = "/virtualmachines-validate";

    /// <summary>The webhook as virt-operator registers it: its name, path, rule and this reviewer.</summary>
    public ValidatingWebhookEndpoint Endpoint => new(
        WebhookName,
        Path,
        [new V1RuleWithOperations { Operations = ["CREATE", "UPDATE"], ApiGroups = [KubeVirtApi.Group], ApiVersions = ["*"], Resources = [KubeVirtApi.VirtualMachinePlural] }],
        this);

    public ValueTask<JsonObject> ReviewAsync(JsonObject admissionReview, CancellationToken cancellationToken)
        => ValueTask.FromResult(Review(admissionReview));

    /// <summary>Reviews one AdmissionReview and returns the AdmissionReview carrying the response.</summary>
    public JsonObject Review(JsonObject admissionReview)
    {
        if (!AdmissionReviewRequest.TryRead(admissionReview, out var request))
        {
            return AdmissionAnswer.Error(request, "AdmissionReview has no request");
        }

        if (request.Group != KubeVirtApi.Group || request.Resource != KubeVirtApi.VirtualMachinePlural)
        {
            return AdmissionAnswer.Error(request, $"expect resource to be 'kubevirt.io virtualmachines', got '{request.Group} {request.Resource}'");
        }

        if (request.Operation != AdmissionReviewRequest.Update || !string.IsNullOrEmpty(request.SubResource))
        {
            return AdmissionAnswer.Allowed(request);
        }

        if (request.Object is not { } updated || request.OldObject is not { } previous)
        {
            return AdmissionAnswer.Error(request, "Could not fetch old vm");
        }

        var (vm, old) = (KubernetesUtf8Json.Deserialize<VirtualMachine>(updated)!, KubernetesUtf8Json.Deserialize<VirtualMachine>(previous)!);
        var status = vm.Status is { } current && KubernetesUtf8Json.SerializeToNode(current) is JsonObject { Count: > 0 } ? current : old.Status;
        var causes = new List<AdmissionCause>();
        if (status?.SnapshotInProgress is { } snapshot)
        {
            if (!SameJson(old.Spec.Template?.Spec?.Volumes ?? [], vm.Spec.Template?.Spec?.Volumes ?? []))
            {
                causes.Add(Cause($"Cannot update vm disks or volumes until snapshot \"{snapshot}\" completes"));
            }
            else if (!SameRunningSpec(old, vm))
            {
                causes.Add(Cause($"Cannot update vm running state until snapshot \"{snapshot}\" completes"));
            }
        }

        if (status?.RestoreInProgress is { } restore
            && !SameJson(old.Spec, vm.Spec)
            && !SameRunningSpec(old, vm))
        {
            causes.Add(Cause($"Cannot update VM runStrategy until restore \"{restore}\" completes"));
        }

        return causes.Count == 0 ? AdmissionAnswer.Allowed(request) : AdmissionAnswer.Denied(request, causes);
    }

    /// <summary>Equal when both set <c>spec.running</c> to the same value, or both <c>spec.runStrategy</c>; a switch between the two counts as a change.</summary>
    private static bool SameRunningSpec(VirtualMachine old, VirtualMachine vm)
    {
        if (old.Spec.Running is { } oldRunning && vm.Spec.Running is { } newRunning)
        {
            return oldRunning == newRunning;
        }

        return old.Spec.RunStrategy is { } oldStrategy && vm.Spec.RunStrategy is { } newStrategy && oldStrategy == newStrategy;
    }

    /// <summary>Whether two values of the model are written as the same JSON (their unknown fields included).</summary>
    private static bool SameJson<T>(T a, T b) => JsonNode.DeepEquals(KubernetesUtf8Json.SerializeToNode(a), KubernetesUtf8Json.SerializeToNode(b));

    private static AdmissionCause Cause(string message) => new(AdmissionCause.FieldValueNotSupported, message, "spec");
}
