using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Validation;

/// <summary>
/// kube's <c>validateEphemeralContainers</c>, in its order for each container: its name, image, volume mounts and security
/// profiles as any container's, the image without surrounding whitespace, the name unique across every container of the pod, the target
/// one of the pod's other containers, none of the fields an ephemeral container may not have, and no sub-paths.
/// </summary>
internal static class EphemeralContainerValidation
{
    private const string NotForEphemeral = "cannot be set for an Ephemeral Container";

    /// <summary>The fields <c>allowedEphemeralContainerFields</c> leaves out, in the Go struct's order.</summary>
    private static readonly string[] ForbiddenFields =
        ["ports", "resources", "resizePolicy", "restartPolicy", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle"];

    /// <summary>Validates <paramref name="containers"/>; <paramref name="names"/> holds the pod's other containers' names and gets these.</summary>
    public static void Validate(IList<JsonNode?> containers, HashSet<string> volumes, HashSet<string> names, List<FieldError> errors)
    {
        var others = names.ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < containers.Count; i++)
        {
            var container = containers[i];
            var at = $"spec.ephemeralContainers[{i}]";
            PodValidation.ValidateNameAndImage(at, container, errors);
            var mounts = JsonFields.Array(container, "volumeMounts");
            PodValidation.ValidateMounts(at + ".volumeMounts", mounts, volumes, errors);
            SecurityProfileValidation.ValidateFields(JsonFields.Object(container, "securityContext"), at + ".securityContext", errors);
            PodValidation.ForbidImageWhitespace(at + ".image", container, errors);
            var name = JsonFields.String(container, "name") ?? string.Empty;
            if (!names.Add(name))
            {
                errors.Add(FieldErrorFactory.Duplicate(at + ".name", name));
            }

            if (JsonFields.String(container, "targetContainerName") is { Length: > 0 } target && !others.Contains(target))
            {
                errors.Add(FieldErrorFactory.NotFound(at + ".targetContainerName", target));
            }

            errors.AddRange(ForbiddenFields.Where(field => IsSet(field, container?[field])).Select(field => FieldErrorFactory.Forbidden($"{at}.{field}", NotForEphemeral)));
            for (var j = 0; j < mounts.Count; j++)
            {
                foreach (var subPath in (string[])["subPath", "subPathExpr"])
                {
                    if (!string.IsNullOrEmpty(JsonFields.String(mounts[j], subPath)))
                    {
                        errors.Add(FieldErrorFactory.Forbidden($"{at}.volumeMounts[{j}].{subPath}", NotForEphemeral));
                    }
                }
            }
        }
    }

    /// <summary>
    /// Whether the Go field differs from its zero value: a pointer, list or map sent at all (an empty list too); the
    /// <c>resources</c> struct when any of its members is.
    /// </summary>
    private static bool IsSet(string field, JsonNode? value) =>
        value is not null && (field != "resources" || value is not JsonObject resources || resources.Any(member => member.Value is not null));
}
