using System.Text.Json.Nodes;
using Harness.EnvTest.Validation;

namespace Harness.EnvTest.Resources;

/// <summary>
/// kube 1.32's pod strategy on create for the deprecated AppArmor annotations (<c>applyAppArmorVersionSkew</c>), on pods not
/// for Windows: a container without the annotation gets one for its profile field, or the pod's; a container with the
/// annotation and no profile field gets the field the annotation stands for when that field is valid and differs from the
/// pod's profile.
/// </summary>
internal static class AppArmorVersionSkew
{
    public static void Apply(JsonObject pod)
    {
        var spec = JsonFields.Object(pod, "spec");
        if (JsonFields.String(JsonFields.Object(spec, "os"), "name") == "windows")
        {
            return;
        }

        var podProfile = JsonFields.Object(JsonFields.Object(spec, "securityContext"), "appArmorProfile");
        var metadata = JsonFields.Object(pod, "metadata");
        foreach (var (container, _) in SecurityProfileValidation.Containers(spec))
        {
            var key = SecurityProfileValidation.AppArmorPrefix + JsonFields.String(container, "name");
            var profile = JsonFields.Object(JsonFields.Object(container, "securityContext"), "appArmorProfile");
            if (JsonFields.Object(metadata, "annotations") is not { } annotations || annotations[key] is null)
            {
                if (metadata is not null && AnnotationFor(profile ?? podProfile) is { } value)
                {
                    if (metadata["annotations"] is not JsonObject target)
                    {
                        metadata["annotations"] = target = [];
                    }

                    target[key] = value;
                }
            }
            else if (profile is null && FieldFor(JsonFields.String(annotations, key) ?? string.Empty) is { } field
                && SecurityProfileValidation.AppArmorFieldErrors(field, string.Empty).Count == 0 && !Same(field, podProfile))
            {
                if (container["securityContext"] is not JsonObject context)
                {
                    container["securityContext"] = context = [];
                }

                context["appArmorProfile"] = field;
            }
        }
    }

    private static string? AnnotationFor(JsonObject? profile) => JsonFields.String(profile, "type") switch
    {
        "Unconfined" => "unconfined",
        "RuntimeDefault" => "runtime/default",
        "Localhost" when JsonFields.String(profile, "localhostProfile") is { } name => "localhost/" + name,
        _ => null,
    };

    private static JsonObject? FieldFor(string annotation) => annotation switch
    {
        "unconfined" => new JsonObject { ["type"] = "Unconfined" },
        "runtime/default" => new JsonObject { ["type"] = "RuntimeDefault" },
        _ when annotation.StartsWith("localhost/", StringComparison.Ordinal) => new JsonObject { ["type"] = "Localhost", ["localhostProfile"] = annotation["localhost/".Length..] },
        _ => null,
    };

    private static bool Same(JsonObject field, JsonObject? podProfile) =>
        podProfile is not null && JsonFields.String(field, "type") == JsonFields.String(podProfile, "type")
        && JsonFields.String(field, "localhostProfile") == JsonFields.String(podProfile, "localhostProfile");
}
