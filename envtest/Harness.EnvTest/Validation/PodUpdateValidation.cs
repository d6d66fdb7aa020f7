using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Validation;

/// <summary>
/// The container rules of kube-apiserver's <c>ValidatePodUpdate</c> (<c>ValidateContainerUpdates</c>): an update may not add
/// or remove containers or init containers (Forbidden on the list, and nothing after it is checked), and every container keeps
/// an image without leading or trailing whitespace. kube also refuses any other change of the spec but images, <c>activeDeadlineSeconds</c>, added tolerations and
/// <c>terminationGracePeriodSeconds</c>, printing a diff of the Go structs; that rule is not made here.
/// </summary>
internal static class PodUpdateValidation
{
    private static readonly string[] ContainerLists = ["containers", "initContainers"];

    public static void Validate(JsonObject pod, JsonObject old, List<FieldError> errors)
    {
        var spec = JsonFields.Object(pod, "spec");
        var oldSpec = JsonFields.Object(old, "spec");
        foreach (var list in ContainerLists)
        {
            var containers = JsonFields.Array(spec, list);
            if (containers.Count != JsonFields.Array(oldSpec, list).Count)
            {
                errors.Add(FieldErrorFactory.Forbidden("spec." + list, "pod updates may not add or remove containers"));
                return;
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
    }
}
