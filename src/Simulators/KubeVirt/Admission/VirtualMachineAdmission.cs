using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Simulators.KubeVirt.Objects;
using k8s;

namespace Harness.Simulators.KubeVirt.Admission;

/// <summary>
/// The VirtualMachine validating webhook rules that protect snapshots and restores (behaviour reference
/// §4.3), as an <c>admission.k8s.io/v1</c> AdmissionReview handler: while <c>status.snapshotInProgress</c>
/// is set, an UPDATE may not change the template volumes nor the running state; while
/// <c>status.restoreInProgress</c> is set, an UPDATE that changes the spec may not change the run
/// strategy. Denials carry virt-api's causes (<c>FieldValueNotSupported</c> on <c>spec</c>) and code 422.
/// Register it for CREATE and UPDATE of <c>kubevirt.io/v1 virtualmachines</c> (not <c>/status</c>).
/// </summary>
public sealed class VirtualMachineAdmission
{
    /// <summary>The webhook's name, as KubeVirt registers it.</summary>
    public const string WebhookName = "virtualmachine-validator.kubevirt.io";

    /// <summary>Reviews one AdmissionReview and returns the AdmissionReview carrying the response.</summary>
    public JsonObject Review(JsonObject admissionReview)
    {
        ArgumentNullException.ThrowIfNull(admissionReview);
        var request = admissionReview["request"] as JsonObject;
        var response = request is null
            ? Error("", 400, "AdmissionReview has no request")
            : Decide(request);
        return new JsonObject
        {
            ["apiVersion"] = admissionReview.Str("apiVersion") ?? "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["response"] = response,
        };
    }

    private static JsonObject Decide(JsonObject request)
    {
        var uid = request.Str("uid") ?? "";
        var resource = request.Obj("resource");
        if (resource.Str("group") != "kubevirt.io" || resource.Str("resource") != "virtualmachines")
        {
            return Error(uid, 400, $"expect resource to be 'kubevirt.io virtualmachines', got '{resource.Str("group")} {resource.Str("resource")}'");
        }

        if (request.Str("operation") != "UPDATE" || !string.IsNullOrEmpty(request.Str("subResource")))
        {
            return Allowed(uid);
        }

        if (request["object"] is not JsonObject updated || request["oldObject"] is not JsonObject previous)
        {
            return Error(uid, 400, "Could not fetch old vm");
        }

        var (vm, old) = (KubernetesJson.Deserialize<VirtualMachine>(updated.ToJsonString()), KubernetesJson.Deserialize<VirtualMachine>(previous.ToJsonString()));
        var status = vm.Status is { } current && StatusPatch.ToJson(current).Count > 0 ? current : old.Status;
        var causes = new JsonArray();
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

        return causes.Count == 0 ? Allowed(uid) : Denied(uid, causes);
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
    private static bool SameJson<T>(T a, T b) => JsonNode.DeepEquals(JsonNode.Parse(KubernetesJson.Serialize(a)), JsonNode.Parse(KubernetesJson.Serialize(b)));

    private static JsonObject Cause(string message) => new()
    {
        ["reason"] = "FieldValueNotSupported",
        ["message"] = message,
        ["field"] = "spec",
    };

    private static JsonObject Allowed(string uid) => new() { ["uid"] = uid, ["allowed"] = true };

    private static JsonObject Denied(string uid, JsonArray causes) => new()
    {
        ["uid"] = uid,
        ["allowed"] = false,
        ["status"] = new JsonObject
        {
            ["message"] = string.Join(", ", causes.Select(c => c!["message"]!.GetValue<string>())),
            ["reason"] = "Invalid",
            ["code"] = 422,
            ["details"] = new JsonObject { ["causes"] = causes },
        },
    };

    private static JsonObject Error(string uid, int code, string message) => new()
    {
        ["uid"] = uid,
        ["allowed"] = false,
        ["status"] = new JsonObject { ["message"] = message, ["code"] = code },
    };
}
