using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Resources;

namespace Harness.EnvTest.Validation;

/// <summary>
/// kube's <c>ValidatePodStatusUpdate</c> for what a <c>/status</c> write may carry: the annotation rules, condition types (outside
/// kube's own three, qualified names, on kube's path <c>metadata.conditions[i].Type</c>), a nominated node's name, a fixed
/// <c>qosClass</c>, no terminated container brought back unless the restart policy restarts it, and valid pod and host IPs
/// (<c>hostIPs[0]</c> being <c>hostIP</c>). The checks of several IPs per family and of resource claim, user and allocated
/// resource statuses are not made.
/// </summary>
internal static class PodStatusValidation
{
    private static readonly string[] KubeConditions = ["PodScheduled", "Ready", "Initialized"];

    public static void Validate(JsonObject pod, JsonObject old, List<FieldError> errors)
    {
        PodAnnotationValidation.ValidateUpdate(pod, old, errors);
        var status = JsonFields.Object(pod, "status");
        var oldStatus = JsonFields.Object(old, "status");
        var conditions = JsonFields.Array(status, "conditions");
        for (var i = 0; i < conditions.Count; i++)
        {
            var type = JsonFields.String(conditions[i], "type") ?? string.Empty;
            if (!KubeConditions.Contains(type))
            {
                errors.AddRange(QualifiedName.Errors(type).Select(message => FieldErrorFactory.Invalid($"metadata.conditions[{i}].Type", type, message)));
            }
        }

        var nominated = JsonFields.String(status, "nominatedNodeName") ?? string.Empty;
        if (nominated.Length > 0 && nominated != JsonFields.String(oldStatus, "nominatedNodeName"))
        {
            NameValidation.Subdomain("status.nominatedNodeName", nominated, errors);
        }

        var qosClass = JsonFields.String(status, "qosClass") ?? string.Empty;
        if (qosClass != (JsonFields.String(oldStatus, "qosClass") ?? string.Empty))
        {
            errors.Add(FieldErrorFactory.Invalid("status.qosClass", qosClass, "field is immutable"));
        }

        var oldSpec = JsonFields.Object(old, "spec");
        var restartPolicy = JsonFields.String(oldSpec, "restartPolicy");
        ForbidRestarts("containerStatuses", status, oldStatus, restartPolicy, _ => false, errors);
        var restartable = JsonFields.Array(oldSpec, "initContainers").Where(c => JsonFields.String(c, "restartPolicy") == "Always")
            .Select(c => JsonFields.String(c, "name")).ToHashSet(StringComparer.Ordinal);
        ForbidRestarts("initContainerStatuses", status, oldStatus, restartPolicy, restartable.Contains, errors);
        ForbidRestarts("ephemeralContainerStatuses", status, oldStatus, "Never", _ => false, errors);
        ValidateIps("status.podIPs", JsonFields.Array(status, "podIPs"), errors);
        var hostIps = JsonFields.Array(status, "hostIPs");
        if (hostIps.Count > 0 && JsonFields.String(hostIps[0], "ip") != JsonFields.String(status, "hostIP"))
        {
            errors.Add(FieldErrorFactory.Invalid("status.hostIPs[0].ip", JsonFields.String(hostIps[0], "ip") ?? string.Empty, "must be equal to `hostIP`"));
        }

        ValidateIps("status.hostIPs", hostIps, errors);
    }

    /// <summary><c>ValidateContainerStateTransition</c>: a terminated container the policy does not restart stays terminated (the error at its old index).</summary>
    private static void ForbidRestarts(
        string list, JsonObject? status, JsonObject? oldStatus, string? restartPolicy, Func<string?, bool> restarts, List<FieldError> errors)
    {
        if (restartPolicy == "Always")
        {
            return;
        }

        var statuses = JsonFields.Array(status, list);
        var oldStatuses = JsonFields.Array(oldStatus, list);
        for (var i = 0; i < oldStatuses.Count; i++)
        {
            var name = JsonFields.String(oldStatuses[i], "name");
            var terminated = JsonFields.Object(JsonFields.Object(oldStatuses[i], "state"), "terminated");
            if (terminated is null || (JsonFields.Integer(terminated, "exitCode") is not (null or 0) && restartPolicy == "OnFailure") || restarts(name))
            {
                continue;
            }

            foreach (var now in statuses.Where(s => JsonFields.String(s, "name") == name && JsonFields.Object(JsonFields.Object(s, "state"), "terminated") is null))
            {
                errors.Add(FieldErrorFactory.Forbidden($"status.{list}[{i}].state", "may not be transitioned to non-terminated state"));
            }
        }
    }

    private static void ValidateIps(string path, IList<JsonNode?> ips, List<FieldError> errors)
    {
        for (var i = 0; i < ips.Count; i++)
        {
            var ip = JsonFields.String(ips[i], "ip") ?? string.Empty;
            if (!IsIp(ip))
            {
                errors.Add(FieldErrorFactory.Invalid($"{path}[{i}]", ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
            }
        }
    }

    /// <summary>Go's <c>netutils.ParseIPSloppy</c>: a dotted quad (leading zeros allowed) or an IPv6 address without a zone.</summary>
    private static bool IsIp(string text) => text.Contains(':', StringComparison.Ordinal)
        ? !text.Contains('%', StringComparison.Ordinal) && IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6
        : text.Split('.') is { Length: 4 } parts && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) <= 255);
}
