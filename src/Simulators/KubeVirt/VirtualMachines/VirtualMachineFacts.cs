using System.Text.Json.Nodes;
using Harness.Simulators.KubeVirt.Objects;
using k8s;
using k8s.Models;

namespace Harness.Simulators.KubeVirt.VirtualMachines;

/// <summary>What the simulator reads from VirtualMachine and VirtualMachineInstance objects.</summary>
internal static class VirtualMachineFacts
{
    public const string VmiFinalizer = "kubevirt.io/foregroundDeleteVirtualMachine";
    public const string GenerationAnnotation = "kubevirt.io/vm-generation";
    public const string CreatedByLabel = "vm.kubevirt.io/name";

    /// <summary>
    /// The run strategy: <c>spec.runStrategy</c> if set, else <c>spec.running</c> (true: Always, false or
    /// missing: Halted). An unknown value is an error, as in virt-controller.
    /// </summary>
    public static RunStrategy RunStrategyOf(JsonObject vm)
    {
        if (vm.Str("spec", "runStrategy") is { } text)
        {
            return Enum.TryParse<RunStrategy>(text, ignoreCase: false, out var strategy) && Enum.IsDefined(strategy)
                ? strategy
                : throw new InvalidOperationException($"unknown runstrategy: {text}");
        }

        return vm.Bool("spec", "running") == true ? RunStrategy.Always : RunStrategy.Halted;
    }

    public static string? Phase(JsonObject vmi) => vmi.Str("status", "phase");

    public static bool IsFinal(JsonObject vmi) => Phase(vmi) is "Succeeded" or "Failed";

    public static bool IsRunning(JsonObject vmi) => Phase(vmi) == "Running";

    public static bool HasCondition(JsonObject obj, string type, string status)
        => obj.Condition(type)?.Str("status") == status;

    public static bool IsPaused(JsonObject vmi) => HasCondition(vmi, "Paused", "True");

    /// <summary>Whether <paramref name="child"/> has a controller ownerReference to the object with <paramref name="uid"/>.</summary>
    public static bool IsControlledBy(JsonObject child, string uid)
        => child.Objects("metadata", "ownerReferences").Any(o => o.Bool("controller") == true && o.Str("uid") == uid);

    public static JsonObject? ControllerOf(JsonObject child)
        => child.Objects("metadata", "ownerReferences").FirstOrDefault(o => o.Bool("controller") == true);

    public static V1OwnerReference ControllerOwnerReference(string apiVersion, string kind, string name, string uid)
        => KubernetesJson.Deserialize<V1OwnerReference>(ControllerReference(apiVersion, kind, name, uid).ToJsonString());

    public static JsonObject ControllerReference(string apiVersion, string kind, string name, string uid) => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = kind,
        ["name"] = name,
        ["uid"] = uid,
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    /// <summary>The template's volumes of a VM, or the volumes of a VMI.</summary>
    public static IEnumerable<JsonObject> TemplateVolumes(JsonObject vm) => vm.Objects("spec", "template", "spec", "volumes");

    /// <summary>The claim name behind a volume: a PVC's claimName or a DataVolume's name (its PVC has the same name).</summary>
    public static string? ClaimName(JsonObject volume)
        => volume.Str("persistentVolumeClaim", "claimName") ?? volume.Str("dataVolume", "name");

    public static string? DataVolumeName(JsonObject volume) => volume.Str("dataVolume", "name");

    public static bool IsHotpluggable(JsonObject volume)
        => volume.Bool("persistentVolumeClaim", "hotpluggable") == true || volume.Bool("dataVolume", "hotpluggable") == true;

    public static IReadOnlyDictionary<string, string> Annotations(JsonObject obj, params string[] metadataPath)
        => obj.Obj([.. metadataPath, "annotations"])
            .Where(p => p.Value is JsonValue)
            .ToDictionary(p => p.Key, p => p.Value!.ToString(), StringComparer.Ordinal);

    public static IReadOnlyList<JsonObject> StateChangeRequests(JsonObject vm) => [.. vm.Objects("status", "stateChangeRequests")];

    public static bool HasStartRequest(JsonObject vm)
        => StateChangeRequests(vm) is [var first, ..] && first.Str("action") == "Start";

    public static bool HasStopRequestFor(JsonObject vm, JsonObject vmi)
        => StateChangeRequests(vm) is [var first, ..] && first.Str("action") == "Stop" && first.Str("uid") == vmi.Uid();
}
