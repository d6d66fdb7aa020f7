using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.FieldValidation;
using Harness.EnvTest.Serialization.GoStructs;
using Harness.EnvTest.Storage;
using k8s.Models;

namespace Harness.EnvTest.Validation;

/// <summary>
/// kube-apiserver's <c>ValidatePodUpdate</c>, in its order: the annotation rules (<see cref="PodAnnotationValidation"/>); containers neither added nor removed (Forbidden on the list, and
/// nothing after it is checked) and every image set without surrounding whitespace; <c>activeDeadlineSeconds</c> only set or
/// lowered (a refusal ends the checks); existing tolerations kept (only their <c>tolerationSeconds</c> may change); scheduling
/// gates only removed; a gated pod's node selector and required node affinity only extended (<see cref="GatedPodPlacement"/>);
/// and no other change of the spec. The specs are compared as <c>apiequality.Semantic.DeepEqual</c> compares the Go structs:
/// zero values the encoder omits, nulls and empty lists or maps count as unset.
/// </summary>
internal static class PodUpdateValidation
{
    private const string UpdatableFields = "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,"
        + "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
        + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    private static readonly string[] ContainerLists = ["containers", "initContainers"];

    public static void Validate(JsonObject pod, JsonObject old, List<FieldError> errors)
    {
        PodAnnotationValidation.ValidateUpdate(pod, old, errors);
        var spec = SemanticSpec(pod);
        var oldSpec = SemanticSpec(old);
        if (!ValidateContainers(spec, oldSpec, errors) || !ValidateActiveDeadline(spec, oldSpec, errors))
        {
            return;
        }

        ValidateTolerations(spec, oldSpec, errors);
        ValidateSchedulingGates(spec, oldSpec, errors);
        if (JsonNode.DeepEquals(spec, oldSpec))
        {
            return;
        }

        foreach (var list in ContainerLists)
        {
            var containers = JsonFields.Array(spec, list);
            for (var i = 0; i < containers.Count; i++)
            {
                ObjectJson.SetOrRemove(containers[i]!.AsObject(), "image", oldSpec[list]![i]!["image"]);
            }
        }

        ObjectJson.SetOrRemove(spec, "activeDeadlineSeconds", oldSpec["activeDeadlineSeconds"]);
        ObjectJson.SetOrRemove(spec, "schedulingGates", oldSpec["schedulingGates"]);
        ObjectJson.SetOrRemove(spec, "tolerations", oldSpec["tolerations"]);
        if (JsonFields.Integer(oldSpec, "terminationGracePeriodSeconds") < 0 && JsonFields.Integer(spec, "terminationGracePeriodSeconds") == 1)
        {
            ObjectJson.SetOrRemove(spec, "terminationGracePeriodSeconds", oldSpec["terminationGracePeriodSeconds"]);
        }

        if (JsonFields.Array(oldSpec, "schedulingGates").Count > 0)
        {
            GatedPodPlacement.Validate(spec, oldSpec, errors);
        }

        if (!JsonNode.DeepEquals(spec, oldSpec))
        {
            errors.Add(FieldErrorFactory.Forbidden("spec", UpdatableFields + ChangedFields.Describe(spec, oldSpec)));
        }
    }

    /// <summary><c>ValidateContainerUpdates</c>; false when a list changed length, which ends the checks.</summary>
    private static bool ValidateContainers(JsonObject spec, JsonObject oldSpec, List<FieldError> errors)
    {
        foreach (var list in ContainerLists)
        {
            var containers = JsonFields.Array(spec, list);
            if (containers.Count != JsonFields.Array(oldSpec, list).Count)
            {
                errors.Add(FieldErrorFactory.Forbidden("spec." + list, "pod updates may not add or remove containers"));
                return false;
            }

            for (var i = 0; i < containers.Count; i++)
            {
                if (string.IsNullOrEmpty(JsonFields.String(containers[i], "image")))
                {
                    errors.Add(FieldErrorFactory.Required($"spec.{list}[{i}].image"));
                }

                PodValidation.ForbidImageWhitespace($"spec.{list}[{i}].image", containers[i], errors);
            }
        }

        return true;
    }

    /// <summary>Set from unset or lowered, never unset again; false when refused for its range or for rising, which ends the checks.</summary>
    private static bool ValidateActiveDeadline(JsonObject spec, JsonObject oldSpec, List<FieldError> errors)
    {
        const string Field = "spec.activeDeadlineSeconds";
        var deadline = JsonFields.Integer(spec, "activeDeadlineSeconds");
        var oldDeadline = JsonFields.Integer(oldSpec, "activeDeadlineSeconds");
        if (deadline is { } value)
        {
            if (value is < 0 or > int.MaxValue)
            {
                errors.Add(FieldErrorFactory.InvalidNumber(Field, value, "must be between 0 and 2147483647, inclusive"));
                return false;
            }

            if (oldDeadline < value)
            {
                errors.Add(FieldErrorFactory.InvalidNumber(Field, value, "must be less than or equal to previous value"));
                return false;
            }
        }
        else if (oldDeadline is not null)
        {
            errors.Add(FieldErrorFactory.Invalid(Field, "null", "must not update from a positive integer to nil value"));
        }

        return true;
    }

    /// <summary><c>validateOnlyAddedTolerations</c>: each existing toleration still there, <c>tolerationSeconds</c> aside; then all validated again.</summary>
    private static void ValidateTolerations(JsonObject spec, JsonObject oldSpec, List<FieldError> errors)
    {
        var tolerations = JsonFields.Array(spec, "tolerations").Select(WithoutSeconds).ToList();
        if (!JsonFields.Array(oldSpec, "tolerations").Select(WithoutSeconds).All(old => tolerations.Any(t => JsonNode.DeepEquals(t, old))))
        {
            errors.Add(FieldErrorFactory.Forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"));
            return;
        }

        TolerationValidation.Validate(JsonFields.Array(spec, "tolerations"), errors);

        static JsonNode? WithoutSeconds(JsonNode? toleration)
        {
            var copy = toleration?.DeepClone();
            (copy as JsonObject)?.Remove("tolerationSeconds");
            return copy;
        }
    }

    /// <summary>
    /// <c>validateOnlyDeletedSchedulingGates</c>: one error per gate name the old spec lacks, at its last index. kube walks a Go map,
    /// so with several new gates its order varies; here it is the index order.
    /// </summary>
    private static void ValidateSchedulingGates(JsonObject spec, JsonObject oldSpec, List<FieldError> errors)
    {
        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        var gates = JsonFields.Array(spec, "schedulingGates");
        for (var i = 0; i < gates.Count; i++)
        {
            added[JsonFields.String(gates[i], "name") ?? string.Empty] = i;
        }

        foreach (var gate in JsonFields.Array(oldSpec, "schedulingGates"))
        {
            added.Remove(JsonFields.String(gate, "name") ?? string.Empty);
        }

        foreach (var (name, index) in added.OrderBy(a => a.Value))
        {
            errors.Add(FieldErrorFactory.Forbidden($"spec.schedulingGates[{index}].name", $"only deletion is allowed, but found new scheduling gate '{name}'"));
        }
    }

    /// <summary>A copy of the pod's spec as the Go struct holds it, with unset-equivalent members left out (see <see cref="SemanticJson"/>).</summary>
    private static JsonObject SemanticSpec(JsonObject pod)
    {
        var spec = JsonFields.Object(pod, "spec")?.DeepClone().AsObject() ?? [];
        GoStructArranger.DropOmittedZeros(spec, FieldShape.Of(typeof(V1PodSpec)));
        return SemanticJson.Canonical(spec) as JsonObject ?? [];
    }
}
