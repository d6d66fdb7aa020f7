using System.Globalization;
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
/// (<c>hostIPs[0]</c> being <c>hostIP</c>, at most one of each family, none twice). The checks of resource claim, user and
/// allocated resource statuses are not made.
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
        ValidateIps("status.podIPs", "PodIP", JsonFields.Array(status, "podIPs"), errors);
        var hostIps = JsonFields.Array(status, "hostIPs");
        if (hostIps.Count > 0 && JsonFields.String(hostIps[0], "ip") != (JsonFields.String(status, "hostIP") ?? string.Empty))
        {
            errors.Add(FieldErrorFactory.Invalid("status.hostIPs[0].ip", JsonFields.String(hostIps[0], "ip") ?? string.Empty, "must be equal to `hostIP`"));
        }

        ValidateIps("status.hostIPs", "HostIP", hostIps, errors);
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

    /// <summary>
    /// <c>validatePodIPs</c> / <c>validateHostIPs</c>: each a valid IP; several only as one of each family (kube prints the
    /// list as Go's <c>%#v</c> of <c>core.&lt;type&gt;</c>) and none twice; kube checks a pod's duplicates last, a host's
    /// before the families.
    /// </summary>
    private static void ValidateIps(string path, string type, IList<JsonNode?> entries, List<FieldError> errors)
    {
        var ips = entries.Select(entry => JsonFields.String(entry, "ip") ?? string.Empty).ToList();
        for (var i = 0; i < ips.Count; i++)
        {
            if (!IsIp(ips[i]))
            {
                errors.Add(FieldErrorFactory.Invalid($"{path}[{i}]", ips[i], "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
            }
        }

        var duplicates = Enumerable.Range(1, Math.Max(0, ips.Count - 1)).Where(i => ips.IndexOf(ips[i]) < i)
            .Select(i => new FieldError("FieldValueDuplicate", $"{path}[{i}]", "Duplicate value: " + Entry(type, ips[i]))).ToList();
        if (type == "HostIP")
        {
            errors.AddRange(duplicates);
        }

        if (ips.Count < 2)
        {
            return;
        }

        var families = ips.Select(Family).ToList();
        var bad = families.IndexOf(null);
        if (bad >= 0)
        {
            errors.Add(new FieldError("InternalError", path, $"Internal error: failed to check for dual stack with error:invalid IP[{bad}]: {ips[bad]}"));
        }

        if (ips.Count > 2 || bad >= 0 || !families.Contains(4) || !families.Contains(6))
        {
            var rendered = string.Join(", ", ips.Select(ip => Entry(type, ip)));
            errors.Add(FieldErrorFactory.InvalidRaw(path, $"[]core.{type}{{{rendered}}}", "may specify no more than one IP for each IP family"));
        }

        if (type == "PodIP")
        {
            errors.AddRange(duplicates);
        }
    }

    private static string Entry(string type, string ip) => $"core.{type}{{IP:{FieldErrorFactory.Quote(ip)}}}";

    private static bool IsIp(string text) => Family(text) is not null;

    /// <summary>
    /// The family of what Go's <c>netutils.ParseIPSloppy</c> reads (a dotted quad, leading zeros allowed, or an IPv6 address
    /// without a zone), 4 for an IPv4-mapped IPv6 address as Go's <c>To4</c> has it; null when it reads nothing.
    /// </summary>
    private static int? Family(string text)
    {
        if (!text.Contains(':', StringComparison.Ordinal))
        {
            return text.Split('.') is { Length: 4 } parts && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && int.Parse(p, CultureInfo.InvariantCulture) <= 255) ? 4 : null;
        }

        return !text.Contains('%', StringComparison.Ordinal) && IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6
            ? address.IsIPv4MappedToIPv6 ? 4 : 6
            : null;
    }
}
