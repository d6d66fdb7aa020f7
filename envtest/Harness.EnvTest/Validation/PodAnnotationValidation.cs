using System.Globalization;
using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Validation;

/// <summary>
/// kube's pod annotation rules: <c>ValidatePodSpecificAnnotations</c> (a mirror pod names its node; a deletion cost is a
/// 32-bit integer written plainly; the seccomp and AppArmor annotations' values, <see cref="SecurityProfileValidation"/>) and, on update, <c>ValidatePodSpecificAnnotationUpdates</c> (the mirror pod and the
/// deprecated AppArmor annotations are neither added, changed nor removed). kube walks the annotation maps in Go's random
/// order; here the keys go in byte order.
/// </summary>
internal static class PodAnnotationValidation
{
    private const string Path = "metadata.annotations";
    private const string MirrorKey = "kubernetes.io/config.mirror";
    private const string DeletionCostKey = "controller.kubernetes.io/pod-deletion-cost";

    public static void Validate(JsonObject pod, List<FieldError> errors)
    {
        var annotations = Annotations(pod);
        if (annotations.TryGetValue(MirrorKey, out var mirror) && string.IsNullOrEmpty(JsonFields.String(JsonFields.Object(pod, "spec"), "nodeName")))
        {
            errors.Add(FieldErrorFactory.Invalid($"{Path}[{MirrorKey}]", mirror, "must set spec.nodeName if mirror pod annotation is set"));
        }

        if (annotations.TryGetValue(DeletionCostKey, out var cost) && !IsDeletionCost(cost))
        {
            errors.Add(FieldErrorFactory.Invalid($"{Path}[{DeletionCostKey}]", cost, "must be a 32bit integer"));
        }

        SecurityProfileValidation.ValidateAnnotations(annotations, JsonFields.Object(pod, "spec"), errors);
    }

    public static void ValidateUpdate(JsonObject pod, JsonObject old, List<FieldError> errors)
    {
        var annotations = Annotations(pod);
        var oldAnnotations = Annotations(old);
        foreach (var (key, value) in oldAnnotations)
        {
            if (!annotations.TryGetValue(key, out var now) || now != value)
            {
                Forbid(key, "may not remove or update", errors);
            }
        }

        foreach (var key in annotations.Keys.Where(key => !oldAnnotations.ContainsKey(key)))
        {
            Forbid(key, "may not add", errors);
        }

        Validate(pod, errors);
    }

    private static void Forbid(string key, string verb, List<FieldError> errors)
    {
        if (key.StartsWith(SecurityProfileValidation.AppArmorPrefix, StringComparison.Ordinal))
        {
            errors.Add(FieldErrorFactory.Forbidden($"{Path}[{key}]", verb + " AppArmor annotations"));
        }

        if (key == MirrorKey)
        {
            errors.Add(FieldErrorFactory.Forbidden($"{Path}[{key}]", verb + " mirror pod annotation"));
        }
    }

    /// <summary><c>GetDeletionCostFromPodAnnotations</c>: no sign but a minus, no leading zero, within int32.</summary>
    private static bool IsDeletionCost(string value) =>
        value.Length > 0 && (value[0] == '-' || value == "0" || value[0] is >= '1' and <= '9')
        && int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    private static SortedDictionary<string, string> Annotations(JsonObject pod)
    {
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in JsonFields.Object(JsonFields.Object(pod, "metadata"), "annotations") ?? [])
        {
            annotations[key] = value is JsonValue text && text.TryGetValue<string>(out var annotation) ? annotation : string.Empty;
        }

        return annotations;
    }
}
