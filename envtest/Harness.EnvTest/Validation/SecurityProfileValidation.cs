using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Resources;

namespace Harness.EnvTest.Validation;

/// <summary>
/// kube 1.32's rules for seccomp and AppArmor profiles: a security context's <c>seccompProfile</c> and <c>appArmorProfile</c>
/// fields, the deprecated annotations' values (<c>ValidateSeccompPodAnnotations</c>, <c>ValidateAppArmorPodAnnotations</c>),
/// and on create that an annotation and the field it stands for agree (<c>validateSeccompAnnotationsAndFields</c>,
/// <c>validateAppArmorAnnotationsAndFieldsMatchOnCreate</c>).
/// </summary>
internal static class SecurityProfileValidation
{
    public const string AppArmorPrefix = "container.apparmor.security.beta.kubernetes.io/";
    private const string SeccompPodKey = "seccomp.security.alpha.kubernetes.io/pod";
    private const string SeccompContainerPrefix = "container.seccomp.security.alpha.kubernetes.io/";
    private const string LocalhostPrefix = "localhost/";
    private static readonly string[] ProfileTypes = ["Localhost", "RuntimeDefault", "Unconfined"];

    /// <summary>A security context's profile fields, <paramref name="path"/> naming it.</summary>
    public static void ValidateFields(JsonObject? securityContext, string path, List<FieldError> errors)
    {
        if (JsonFields.Object(securityContext, "seccompProfile") is { } seccomp)
        {
            ValidateSeccompField(seccomp, path + ".seccompProfile", errors);
        }

        if (JsonFields.Object(securityContext, "appArmorProfile") is { } appArmor)
        {
            errors.AddRange(AppArmorFieldErrors(appArmor, path + ".appArmorProfile"));
        }
    }

    /// <summary><c>ValidateAppArmorProfileField</c>.</summary>
    public static List<FieldError> AppArmorFieldErrors(JsonObject profile, string path)
    {
        var errors = new List<FieldError>();
        var localhost = JsonFields.String(profile, "localhostProfile");
        switch (JsonFields.String(profile, "type") ?? string.Empty)
        {
            case "Localhost":
                if (localhost is not null && localhost.Trim() != localhost)
                {
                    errors.Add(FieldErrorFactory.Invalid(path + ".localhostProfile", localhost, "must not be padded with whitespace"));
                }
                else if (string.IsNullOrEmpty(localhost))
                {
                    errors.Add(FieldErrorFactory.Required(path + ".localhostProfile", "must be set when AppArmor type is Localhost"));
                }

                if (localhost?.Length > 4095)
                {
                    errors.Add(FieldErrorFactory.TooLongBytes(path + ".localhostProfile", 4095));
                }

                break;
            case "RuntimeDefault" or "Unconfined":
                if (localhost is not null)
                {
                    errors.Add(FieldErrorFactory.Invalid(path + ".localhostProfile", localhost, "can only be set when AppArmor type is Localhost"));
                }

                break;
            case "":
                errors.Add(FieldErrorFactory.Required(path + ".type", "type is required when appArmorProfile is set"));
                break;
            case var type:
                errors.Add(FieldErrorFactory.NotSupported(path + ".type", type, ProfileTypes));
                break;
        }

        return errors;
    }

    /// <summary>The seccomp annotations' values, then each AppArmor annotation's container and value (keys in byte order).</summary>
    public static void ValidateAnnotations(IReadOnlyDictionary<string, string> annotations, JsonObject? spec, List<FieldError> errors)
    {
        foreach (var (key, value) in annotations.Where(a => a.Key == SeccompPodKey).Concat(annotations.Where(a => a.Key.StartsWith(SeccompContainerPrefix, StringComparison.Ordinal))))
        {
            ValidateSeccompAnnotation(value, "metadata.annotations." + key, errors);
        }

        var names = Containers(spec).Select(c => JsonFields.String(c.Container, "name")).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, value) in annotations.Where(a => a.Key.StartsWith(AppArmorPrefix, StringComparison.Ordinal)))
        {
            var container = key[AppArmorPrefix.Length..];
            if (!names.Contains(container))
            {
                errors.Add(FieldErrorFactory.Invalid($"metadata.annotations[{key}]", container, "container not found"));
            }

            if (value is not ("" or "runtime/default" or "unconfined") && !value.StartsWith(LocalhostPrefix, StringComparison.Ordinal))
            {
                errors.Add(FieldErrorFactory.Invalid($"metadata.annotations[{key}]", value, $"invalid AppArmor profile name: {FieldErrorFactory.Quote(value)}"));
            }
        }
    }

    /// <summary>On create: where an annotation and the field it stands for are both set, they agree.</summary>
    public static void ValidateAnnotationsMatchFields(JsonObject pod, List<FieldError> errors)
    {
        var annotations = JsonFields.Object(JsonFields.Object(pod, "metadata"), "annotations");
        var spec = JsonFields.Object(pod, "spec");
        var podContext = JsonFields.Object(spec, "securityContext");
        if (JsonFields.Object(podContext, "seccompProfile") is { } podSeccomp && JsonFields.String(annotations, SeccompPodKey) is { } podAnnotation)
        {
            MatchSeccomp(podAnnotation, podSeccomp, "spec.securityContext.seccompProfile", errors);
        }

        foreach (var (container, path) in Containers(spec))
        {
            var name = JsonFields.String(container, "name");
            var context = JsonFields.Object(container, "securityContext");
            if (JsonFields.Object(context, "seccompProfile") is { } seccomp && JsonFields.String(annotations, SeccompContainerPrefix + name) is { } annotation)
            {
                MatchSeccomp(annotation, seccomp, path + ".securityContext.seccompProfile", errors);
            }
        }

        if (JsonFields.String(JsonFields.Object(spec, "os"), "name") == "windows")
        {
            return;
        }

        foreach (var (container, path) in Containers(spec))
        {
            var profile = JsonFields.Object(JsonFields.Object(container, "securityContext"), "appArmorProfile") ?? JsonFields.Object(podContext, "appArmorProfile");
            if (profile is not null && JsonFields.String(annotations, AppArmorPrefix + JsonFields.String(container, "name")) is { } annotation)
            {
                Match("apparmor", annotation, profile, path + ".securityContext.appArmorProfile", errors);
            }
        }
    }

    /// <summary>The pod's containers with their paths, in kube's visiting order: init containers, containers, ephemeral containers.</summary>
    public static IEnumerable<(JsonObject Container, string Path)> Containers(JsonObject? spec) =>
        new[] { "initContainers", "containers", "ephemeralContainers" }.SelectMany(list =>
            JsonFields.Array(spec, list).Select((container, i) => (container as JsonObject, $"spec.{list}[{i}]")).Where(c => c.Item1 is not null).Select(c => (c.Item1!, c.Item2)));

    private static void ValidateSeccompField(JsonObject profile, string path, List<FieldError> errors)
    {
        var type = JsonFields.String(profile, "type") ?? string.Empty;
        if (type.Length == 0)
        {
            errors.Add(FieldErrorFactory.Required(path + ".type", "type is required when seccompProfile is set"));
        }
        else if (!ProfileTypes.Contains(type))
        {
            errors.Add(FieldErrorFactory.NotSupported(path + ".type", type, ProfileTypes));
        }

        var localhost = JsonFields.String(profile, "localhostProfile");
        if (type == "Localhost")
        {
            if (localhost is null)
            {
                errors.Add(FieldErrorFactory.Required(path + ".localhostProfile", "must be set when seccomp type is Localhost"));
            }
            else
            {
                ValidateLocalDescendingPath(localhost, path + ".localhostProfile", errors);
            }
        }
        else if (localhost is not null)
        {
            // kube prints the whole core.SeccompProfile with %#v, its localhostProfile a Go pointer.
            errors.Add(FieldErrorFactory.InvalidRaw(path + ".localhostProfile", $"core.SeccompProfile{{Type:{FieldErrorFactory.Quote(type)}}}", "can only be set when seccomp type is Localhost"));
        }
    }

    /// <summary><c>ValidateSeccompProfile</c> of an annotation's value.</summary>
    private static void ValidateSeccompAnnotation(string value, string path, List<FieldError> errors)
    {
        if (value is "runtime/default" or "docker/default" or "unconfined")
        {
            return;
        }

        if (value.StartsWith(LocalhostPrefix, StringComparison.Ordinal))
        {
            ValidateLocalDescendingPath(value[LocalhostPrefix.Length..], path, errors);
            return;
        }

        errors.Add(FieldErrorFactory.Invalid(path, value, "must be a valid seccomp profile"));
    }

    private static void ValidateLocalDescendingPath(string value, string path, List<FieldError> errors)
    {
        if (value.StartsWith('/'))
        {
            errors.Add(FieldErrorFactory.Invalid(path, value, "must be a relative path"));
        }

        if (value.Split('/').Contains(".."))
        {
            errors.Add(FieldErrorFactory.Invalid(path, value, "must not contain '..'"));
        }
    }

    private static void MatchSeccomp(string annotation, JsonObject field, string path, List<FieldError> errors) =>
        Match("seccomp", annotation == "docker/default" ? "runtime/default" : annotation, field, path, errors);

    /// <summary><c>validateSeccompAnnotationsAndFieldsMatch</c> and its AppArmor twin: the field's type and localhost profile against the annotation.</summary>
    private static void Match(string what, string annotation, JsonObject field, string path, List<FieldError> errors)
    {
        var typeMatches = (JsonFields.String(field, "type") ?? string.Empty) switch
        {
            "Unconfined" => annotation == "unconfined",
            "RuntimeDefault" => annotation == "runtime/default",
            "Localhost" => annotation.StartsWith(LocalhostPrefix, StringComparison.Ordinal),
            _ => true,
        };
        if (!typeMatches)
        {
            errors.Add(FieldErrorFactory.Forbidden(path + ".type", $"{what} type in annotation and field must match"));
        }
        else if (JsonFields.String(field, "type") == "Localhost" && JsonFields.String(field, "localhostProfile") != annotation[LocalhostPrefix.Length..])
        {
            errors.Add(FieldErrorFactory.Forbidden(path + ".localhostProfile", $"{what} profile in annotation and field must match"));
        }
    }
}
