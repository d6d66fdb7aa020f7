using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Resources;

namespace Harness.EnvTest.Validation;

/// <summary>
/// kube-apiserver's Pod validation (<see cref="PodAnnotationValidation"/>, then <c>ValidatePodSpec</c> in pkg/apis/core/validation) for the fields kubectl, the simulators and
/// the tests send: volumes (one source each, names, the sources' required fields, projected service-account tokens), containers
/// (names, images, volume mounts, seccomp and AppArmor profiles), the restart policy, the node selector, node affinity, scheduling gates (and no <c>nodeName</c> beside them on create), <c>activeDeadlineSeconds</c>,
/// tolerations. As kube-apiserver run without the ServiceAccount admission plugin (as envtest
/// runs it), nothing sets <c>serviceAccountName</c>, so a projected service-account token needs it set explicitly.
/// </summary>
internal static class PodValidation
{
    private const long MinTokenSeconds = 10 * 60;

    private const long MaxTokenSeconds = 1L << 32;

    /// <summary>The volume sources in the order kube checks them (the second one found is the one refused).</summary>
    private static readonly string[] VolumeSources =
    [
        "hostPath", "emptyDir", "gitRepo", "gcePersistentDisk", "awsElasticBlockStore", "secret", "nfs", "iscsi", "glusterfs", "flocker",
        "persistentVolumeClaim", "rbd", "quobyte", "cinder", "cephfs", "downwardAPI", "fc", "flexVolume", "azureFile", "vsphereVolume",
        "photonPersistentDisk", "portworxVolume", "azureDisk", "projected", "scaleIO", "configMap", "storageos", "csi", "ephemeral", "image",
    ];

    private static readonly string[] RestartPolicies = ["Always", "OnFailure", "Never"];

    public static void Validate(JsonObject pod, JsonObject? old, List<FieldError> errors)
    {
        PodAnnotationValidation.Validate(pod, errors);
        var spec = JsonFields.Object(pod, "spec");
        var volumes = ValidateVolumes(JsonFields.Array(spec, "volumes"), errors);
        var containers = JsonFields.Array(spec, "containers");
        if (containers.Count == 0)
        {
            errors.Add(FieldErrorFactory.Required("spec.containers"));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var gracePeriod = JsonFields.Integer(spec, "terminationGracePeriodSeconds");
        ValidateContainers("spec.initContainers", JsonFields.Array(spec, "initContainers"), volumes, names, gracePeriod, errors);
        ValidateContainers("spec.containers", containers, volumes, names, gracePeriod, errors);
        EphemeralContainerValidation.Validate(JsonFields.Array(spec, "ephemeralContainers"), volumes, names, errors);
        if (JsonFields.String(spec, "restartPolicy") is { Length: > 0 } restartPolicy && !RestartPolicies.Contains(restartPolicy))
        {
            errors.Add(FieldErrorFactory.NotSupported("spec.restartPolicy", restartPolicy, RestartPolicies));
        }

        LabelValidation.Validate(JsonFields.Object(spec, "nodeSelector"), "spec.nodeSelector", errors);
        SecurityProfileValidation.ValidateFields(JsonFields.Object(spec, "securityContext"), "spec.securityContext", errors);
        NodeAffinityValidation.Validate(spec, errors);
        PodAffinityValidation.Validate(spec, errors);
        var gates = JsonFields.Array(spec, "schedulingGates");
        ValidateSchedulingGates(gates, errors);
        if (JsonFields.Integer(spec, "activeDeadlineSeconds") is { } deadline and (< 1 or > int.MaxValue))
        {
            errors.Add(FieldErrorFactory.InvalidNumber("spec.activeDeadlineSeconds", deadline, "must be between 1 and 2147483647, inclusive"));
        }

        TolerationValidation.Validate(JsonFields.Array(spec, "tolerations"), errors);

        if (string.IsNullOrEmpty(JsonFields.String(spec, "serviceAccountName")))
        {
            ForbidServiceAccountTokens(JsonFields.Array(spec, "volumes"), errors);
        }

        ForbidImageWhitespace("spec.containers", containers, errors);
        ForbidImageWhitespace("spec.initContainers", JsonFields.Array(spec, "initContainers"), errors);
        if (old is null && JsonFields.Array(spec, "ephemeralContainers").Count > 0)
        {
            errors.Add(FieldErrorFactory.Forbidden("spec.ephemeralContainers", "cannot be set on create"));
        }

        if (old is null && gates.Count > 0 && !string.IsNullOrEmpty(JsonFields.String(spec, "nodeName")))
        {
            errors.Add(FieldErrorFactory.Forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared"));
        }

        if (old is null)
        {
            SecurityProfileValidation.ValidateAnnotationsMatchFields(pod, errors);
        }
    }

    /// <summary>Each gate's name a qualified name, none twice (the errors are on the gate, not its name).</summary>
    private static void ValidateSchedulingGates(IList<JsonNode?> gates, List<FieldError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < gates.Count; i++)
        {
            var path = $"spec.schedulingGates[{i}]";
            var name = JsonFields.String(gates[i], "name") ?? string.Empty;
            errors.AddRange(QualifiedName.Errors(name).Select(message => FieldErrorFactory.Invalid(path, name, message)));
            if (!seen.Add(name))
            {
                errors.Add(FieldErrorFactory.Duplicate(path, name));
            }
        }
    }

    /// <summary>kube's pod-only container rule (not for templates): an image without leading or trailing whitespace.</summary>
    private static void ForbidImageWhitespace(string path, IList<JsonNode?> containers, List<FieldError> errors)
    {
        for (var i = 0; i < containers.Count; i++)
        {
            ForbidImageWhitespace($"{path}[{i}].image", containers[i], errors);
        }
    }

    /// <summary>The rule of <see cref="ForbidImageWhitespace(string, IList{JsonNode?}, List{FieldError})"/> for one container.</summary>
    public static void ForbidImageWhitespace(string field, JsonNode? container, List<FieldError> errors)
    {
        if (JsonFields.String(container, "image") is { } image && image.Trim().Length != image.Length)
        {
            errors.Add(FieldErrorFactory.Invalid(field, image, "must not have leading or trailing whitespace"));
        }
    }

    /// <summary>Validates each volume; returns the names of those without errors (the only ones mounts may name).</summary>
    private static HashSet<string> ValidateVolumes(IList<JsonNode?> volumes, List<FieldError> errors)
    {
        var valid = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < volumes.Count; i++)
        {
            var path = $"spec.volumes[{i}]";
            var volume = volumes[i];
            var found = new List<FieldError>();
            ValidateVolumeSource(volume, path, found);
            var name = JsonFields.String(volume, "name") ?? string.Empty;
            if (name.Length == 0)
            {
                found.Add(FieldErrorFactory.Required(path + ".name"));
            }
            else
            {
                NameValidation.Label(path + ".name", name, found);
            }

            if (valid.Contains(name))
            {
                found.Add(FieldErrorFactory.Duplicate(path + ".name", name));
            }

            if (found.Count == 0)
            {
                valid.Add(name);
            }

            errors.AddRange(found);
        }

        return valid;
    }

    /// <summary>One source per volume (none is an <c>emptyDir</c>, as v1 defaulting makes it) and each source's required fields.</summary>
    private static void ValidateVolumeSource(JsonNode? volume, string path, List<FieldError> errors)
    {
        var sources = 0;
        foreach (var source in VolumeSources)
        {
            if (JsonFields.Object(volume, source) is not { } body)
            {
                continue;
            }

            if (++sources > 1)
            {
                errors.Add(FieldErrorFactory.Forbidden($"{path}.{source}", "may not specify more than 1 volume type"));
                continue;
            }

            var required = source switch
            {
                "persistentVolumeClaim" => "claimName",
                "secret" => "secretName",
                "configMap" => "name",
                "csi" => "driver",
                _ => null,
            };
            if (required is not null && string.IsNullOrEmpty(JsonFields.String(body, required)))
            {
                errors.Add(FieldErrorFactory.Required($"{path}.{source}.{required}"));
            }

            if (source == "projected")
            {
                ValidateProjection(body, $"{path}.projected", errors);
            }
        }
    }

    private static void ValidateProjection(JsonObject projected, string path, List<FieldError> errors)
    {
        var projections = JsonFields.Array(projected, "sources");
        for (var i = 0; i < projections.Count; i++)
        {
            if (JsonFields.Object(projections[i], "serviceAccountToken") is not { } token)
            {
                continue;
            }

            var tokenPath = $"{path}.sources[{i}].serviceAccountToken";
            var seconds = JsonFields.Integer(token, "expirationSeconds") ?? 3600;
            if (seconds < MinTokenSeconds)
            {
                errors.Add(FieldErrorFactory.InvalidNumber(tokenPath + ".expirationSeconds", seconds, "may not specify a duration less than 10 minutes"));
            }
            else if (seconds > MaxTokenSeconds)
            {
                errors.Add(FieldErrorFactory.InvalidNumber(tokenPath + ".expirationSeconds", seconds, "may not specify a duration larger than 2^32 seconds"));
            }

            if (string.IsNullOrEmpty(JsonFields.String(token, "path")))
            {
                // kube names the projection's path here, not the token's.
                errors.Add(FieldErrorFactory.Required(path + ".path"));
            }
        }
    }

    private static void ValidateContainers(
        string path, IList<JsonNode?> containers, HashSet<string> volumes, HashSet<string> names, long? gracePeriod, List<FieldError> errors)
    {
        for (var i = 0; i < containers.Count; i++)
        {
            var container = containers[i];
            var at = $"{path}[{i}]";
            ValidateNameAndImage(at, container, errors);
            ValidateMounts(at + ".volumeMounts", JsonFields.Array(container, "volumeMounts"), volumes, errors);
            SecurityProfileValidation.ValidateFields(JsonFields.Object(container, "securityContext"), at + ".securityContext", errors);
            if (JsonFields.String(container, "name") is { Length: > 0 } name && !names.Add(name))
            {
                errors.Add(FieldErrorFactory.Duplicate(at + ".name", name));
            }

            if (path == "spec.containers" || JsonFields.String(container, "restartPolicy") == "Always")
            {
                ValidateSleeps(at + ".lifecycle", JsonFields.Object(container, "lifecycle"), gracePeriod, errors);
            }
        }
    }

    /// <summary>
    /// <c>validateSleepAction</c> of a container's (or sidecar's) lifecycle handlers, PodLifecycleSleepActionAllowZero being off
    /// in 1.32: more than 0 seconds and no more than the grace period.
    /// </summary>
    private static void ValidateSleeps(string path, JsonObject? lifecycle, long? gracePeriod, List<FieldError> errors)
    {
        foreach (var handler in new[] { "postStart", "preStop" })
        {
            if (gracePeriod is { } grace && JsonFields.Object(JsonFields.Object(lifecycle, handler), "sleep") is { } sleep
                && (JsonFields.Integer(sleep, "seconds") ?? 0) is var seconds && (seconds <= 0 || seconds > grace))
            {
                errors.Add(FieldErrorFactory.InvalidNumber(
                    $"{path}.{handler}.sleep", seconds,
                    $"must be greater than 0 and less than terminationGracePeriodSeconds ({grace}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep."));
            }
        }
    }

    /// <summary>A container's name (a DNS label) and image, which <c>validateContainerCommon</c> checks first.</summary>
    internal static void ValidateNameAndImage(string at, JsonNode? container, List<FieldError> errors)
    {
        var name = JsonFields.String(container, "name") ?? string.Empty;
        if (name.Length == 0)
        {
            errors.Add(FieldErrorFactory.Required(at + ".name"));
        }
        else
        {
            NameValidation.Label(at + ".name", name, errors);
        }

        if (string.IsNullOrWhiteSpace(JsonFields.String(container, "image")))
        {
            errors.Add(FieldErrorFactory.Required(at + ".image"));
        }
    }

    internal static void ValidateMounts(string path, IList<JsonNode?> mounts, HashSet<string> volumes, List<FieldError> errors)
    {
        var mountPaths = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < mounts.Count; i++)
        {
            var at = $"{path}[{i}]";
            var name = JsonFields.String(mounts[i], "name") ?? string.Empty;
            if (name.Length == 0)
            {
                errors.Add(FieldErrorFactory.Required(at + ".name"));
            }
            else if (!volumes.Contains(name))
            {
                errors.Add(FieldErrorFactory.NotFound(at + ".name", name));
            }

            var mountPath = JsonFields.String(mounts[i], "mountPath") ?? string.Empty;
            if (mountPath.Length == 0)
            {
                errors.Add(FieldErrorFactory.Required(at + ".mountPath"));
            }
            else if (!mountPaths.Add(mountPath))
            {
                errors.Add(FieldErrorFactory.Invalid(at + ".mountPath", mountPath, "must be unique"));
            }
        }
    }

    private static void ForbidServiceAccountTokens(IList<JsonNode?> volumes, List<FieldError> errors)
    {
        for (var i = 0; i < volumes.Count; i++)
        {
            var sources = JsonFields.Array(JsonFields.Object(volumes[i], "projected"), "sources");
            for (var j = 0; j < sources.Count; j++)
            {
                if (JsonFields.Object(sources[j], "serviceAccountToken") is not null)
                {
                    errors.Add(FieldErrorFactory.Forbidden(
                        $"spec.volumes[{i}].projected.sources[{j}].serviceAccountToken", "must not be specified when serviceAccountName is not set"));
                }
            }
        }
    }
}
