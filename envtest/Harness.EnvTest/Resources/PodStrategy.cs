using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Storage;
using Harness.EnvTest.Validation;

namespace Harness.EnvTest.Resources;

/// <summary>
/// Pods as kube-apiserver 1.32 stores them: v1 defaulting (<see cref="PodDefaults"/>) and the admission plugins on by
/// default (Priority: <c>priority: 0</c>; DefaultTolerationSeconds: the not-ready/unreachable tolerations, on updates too),
/// affinity terms' label keys merged into their selectors (<see cref="PodAffinityLabelKeys"/>), the AppArmor annotations and
/// fields synced (<see cref="AppArmorVersionSkew"/>), then a new pod's status <c>{"phase": "Pending", "qosClass": ...}</c>
/// (a gated pod's with a <c>PodScheduled: False</c> condition, reason SchedulingGated); validated by
/// <see cref="PodValidation"/>, updates also by <see cref="PodUpdateValidation"/>, status writes by <see cref="PodStatusValidation"/>,
/// <c>ephemeralcontainers</c> writes by <see cref="PodEphemeralContainersStrategy"/>.
/// </summary>
internal sealed class PodStrategy : IResourceStrategy
{
    public IReadOnlyDictionary<string, IPartSubresourceStrategy> PartSubresources { get; } =
        new Dictionary<string, IPartSubresourceStrategy> { [PodEphemeralContainersStrategy.Name] = new PodEphemeralContainersStrategy() };

    public void PrepareForCreate(JsonObject obj)
    {
        DisabledPodFields.Drop(obj, null);
        PodAffinityLabelKeys.Merge(obj);
        AppArmorVersionSkew.Apply(obj);
        var status = new JsonObject { ["phase"] = "Pending", ["qosClass"] = PodDefaults.QosClass(JsonFields.Object(obj, "spec")) };
        if (JsonFields.Array(JsonFields.Object(obj, "spec"), "schedulingGates").Count > 0)
        {
            status["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "PodScheduled", ["status"] = "False", ["lastProbeTime"] = null, ["reason"] = "SchedulingGated",
                ["message"] = "Scheduling is blocked due to non-empty scheduling gates",
            });
        }

        obj["status"] = status;
    }

    public void Default(JsonObject obj) => PodDefaults.Apply(obj);

    public void AdmitCreate(JsonObject obj) => PodDefaults.Admit(obj);

    /// <summary>The Priority admission plugin on an update, and kube's strategy dropping the fields of disabled features.</summary>
    public void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        PodDefaults.KeepPriority(obj, old);
        DisabledPodFields.Drop(obj, old);
    }

    /// <summary>A new gated pod's <c>PodScheduled</c> condition changes now.</summary>
    public void StampTime(JsonObject obj, JsonObject? old, string now)
    {
        if (old is null && JsonFields.Array(JsonFields.Object(obj, "status"), "conditions") is [JsonObject gated])
        {
            gated["lastTransitionTime"] = now;
        }
    }

    /// <summary>
    /// kube's conversion of a v1 Pod to its internal form and back: a negative <c>terminationGracePeriodSeconds</c> becomes 1;
    /// <c>podIP</c>, when set and not <c>podIPs[0]</c>, replaces <c>podIPs</c> (the internal form keeps only the list), and is
    /// written back as the list's first IP.
    /// </summary>
    public void Decode(JsonObject obj)
    {
        if (JsonFields.Object(obj, "spec") is { } spec && JsonFields.Integer(spec, "terminationGracePeriodSeconds") < 0)
        {
            spec["terminationGracePeriodSeconds"] = 1;
        }

        if (JsonFields.Object(obj, "status") is not { } status)
        {
            return;
        }

        var podIp = JsonFields.String(status, "podIP") ?? string.Empty;
        var podIps = JsonFields.Array(status, "podIPs");
        if (podIp.Length > 0 && (podIps.Count == 0 || JsonFields.String(podIps[0], "ip") != podIp))
        {
            status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp });
        }

        var first = JsonFields.Array(status, "podIPs").Select(ip => JsonFields.String(ip, "ip")).FirstOrDefault();
        ObjectJson.SetOrRemove(status, "podIP", string.IsNullOrEmpty(first) ? null : JsonValue.Create(first));
    }

    /// <summary>
    /// kube's pod status strategy keeps the spec, owner references and deletion timestamp but lets labels, annotations and
    /// finalizers through, and backfills a status without <c>qosClass</c> from the stored one.
    /// </summary>
    public void PrepareForStatusUpdate(JsonObject merged, JsonObject requested, JsonObject old)
    {
        StatusMetadata.Keep(merged, requested, StatusMetadata.CoreFields.Where(field => field != "ownerReferences"));
        if (JsonFields.String(JsonFields.Object(old, "status"), "qosClass") is { } qosClass && string.IsNullOrEmpty(JsonFields.String(JsonFields.Object(merged, "status"), "qosClass")))
        {
            if (merged["status"] is not JsonObject status)
            {
                merged["status"] = status = [];
            }

            status["qosClass"] = qosClass;
        }
    }

    public void ValidateStatusUpdate(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        Decode(obj);
        PodStatusValidation.Validate(obj, old, errors);
    }

    public void Validate(JsonObject obj, JsonObject? old, List<FieldError> errors)
    {
        Decode(obj);
        Default(obj);
        if (old is not null && JsonFields.Object(obj, "spec") is { } spec)
        {
            PodDefaults.TolerateUnreadyNodes(spec);
        }

        PodValidation.Validate(obj, old, errors);
        if (old is not null)
        {
            PodUpdateValidation.Validate(obj, old, errors);
        }
    }
}
