using System.Globalization;
using System.Text.Json.Nodes;
using Harness.EnvTest.Validation;
using static Harness.EnvTest.Tables.PrinterCells;

namespace Harness.EnvTest.Tables;

/// <summary>
/// kube-apiserver's Pod printer (<c>printPod</c>): ready containers, the status reason (the pod's reason, else the last container's
/// waiting or terminated reason, Terminating while deleted), restarts with the age of the last one, and the wide columns.
/// </summary>
internal static class PodPrinter
{
    private const string None = "<none>";

    public static TableConverter Pods { get; } = TableConverter.ForPrinter(
        [
            TableColumn.NameColumn,
            new("Ready", Description: "The aggregate readiness state of this pod for accepting traffic."),
            new("Status", Description: "The aggregate status of the containers in this pod."),
            new("Restarts", Description: "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
            TableColumn.AgeColumn,
            new("IP", Priority: 1, Description: "podIP is the IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."),
            new("Node", Priority: 1, Description: "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once it is scheduled onto a node, kubelet cannot evict it or restart it. Nodes are not allowed to restart pods."),
            new("Nominated Node", Priority: 1, Description: "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled."),
            new("Readiness Gates", Priority: 1, Description: "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to \"True\" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates"),
        ],
        Cells);

    private static JsonArray Cells(JsonObject pod, DateTimeOffset now)
    {
        var spec = JsonFields.Object(pod, "spec");
        var status = JsonFields.Object(pod, "status");
        var phase = JsonFields.String(status, "phase") ?? string.Empty;
        var reason = OrDefault(JsonFields.String(status, "reason"), phase);
        var restarts = 0L;
        var ready = 0;
        var running = false;
        DateTimeOffset? lastRestart = null;
        var statuses = JsonFields.Array(status, "containerStatuses");
        for (var i = statuses.Count - 1; i >= 0; i--)
        {
            var container = statuses[i];
            restarts += JsonFields.Integer(container, "restartCount") ?? 0;
            if (Time(JsonFields.String(JsonFields.Object(JsonFields.Object(container, "lastState"), "terminated"), "finishedAt")) is { } finished
                && (lastRestart is null || finished > lastRestart))
            {
                lastRestart = finished;
            }

            var state = JsonFields.Object(container, "state");
            var waiting = JsonFields.Object(state, "waiting");
            var terminated = JsonFields.Object(state, "terminated");
            if (JsonFields.String(waiting, "reason") is { Length: > 0 } waitingReason)
            {
                reason = waitingReason;
            }
            else if (terminated is not null)
            {
                reason = JsonFields.String(terminated, "reason") is { Length: > 0 } terminatedReason
                    ? terminatedReason
                    : JsonFields.Integer(terminated, "signal") is { } signal and not 0
                        ? $"Signal:{signal}"
                        : $"ExitCode:{JsonFields.Integer(terminated, "exitCode") ?? 0}";
            }
            else if (container?["ready"] is JsonValue r && r.TryGetValue<bool>(out var isReady) && isReady && JsonFields.Object(state, "running") is not null)
            {
                running = true;
                ready++;
            }
        }

        if (reason == "Completed" && running)
        {
            reason = JsonFields.Array(status, "conditions").Any(c => JsonFields.String(c, "type") == "Ready" && JsonFields.String(c, "status") == "True") ? "Running" : "NotReady";
        }

        if (Deleting(pod) && phase is not ("Succeeded" or "Failed"))
        {
            reason = JsonFields.String(status, "reason") == "NodeLost" ? "Unknown" : "Terminating";
        }

        var restartText = restarts.ToString(CultureInfo.InvariantCulture)
            + (restarts != 0 && lastRestart is { } last ? $" ({HumanDuration.Format(now - last)} ago)" : string.Empty);
        return Row(
            Name(pod), $"{ready}/{JsonFields.Array(spec, "containers").Count}", reason, restartText, Age(pod, now),
            OrDefault(JsonFields.String(status, "podIP"), None), OrDefault(JsonFields.String(spec, "nodeName"), None),
            OrDefault(JsonFields.String(status, "nominatedNodeName"), None), ReadinessGates(spec, status));
    }

    private static string ReadinessGates(JsonObject? spec, JsonObject? status)
    {
        var gates = JsonFields.Array(spec, "readinessGates").Select(g => JsonFields.String(g, "conditionType")).ToList();
        if (gates.Count == 0)
        {
            return None;
        }

        var met = gates.Count(gate => JsonFields.Array(status, "conditions").Any(c => JsonFields.String(c, "type") == gate && JsonFields.String(c, "status") == "True"));
        return $"{met}/{gates.Count}";
    }

    private static DateTimeOffset? Time(string? text)
        => text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
}
