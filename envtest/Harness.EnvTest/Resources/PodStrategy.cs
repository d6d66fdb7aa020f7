using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Validation;

namespace Harness.EnvTest.Resources;

/// <summary>
/// Pods as kube-apiserver 1.32 stores them: v1 defaulting (<see cref="PodDefaults"/>) and the admission plugins on by
/// default (Priority: <c>priority: 0</c>; DefaultTolerationSeconds: the not-ready/unreachable tolerations, on updates too),
/// then a new pod's status <c>{"phase": "Pending", "qosClass": ...}</c>; validated by <see cref="PodValidation"/>, updates
/// also by <see cref="PodUpdateValidation"/>, status writes by <see cref="PodStatusValidation"/>.
/// </summary>
internal sealed class PodStrategy : IResourceStrategy
{
    public void PrepareForCreate(JsonObject obj)
    {
        Default(obj);
        PodDefaults.Admit(obj);
        obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = PodDefaults.QosClass(JsonFields.Object(obj, "spec")) };
    }

    public void Default(JsonObject obj) => PodDefaults.Apply(obj);

    /// <summary>The Priority admission plugin on an update.</summary>
    public void PrepareForUpdate(JsonObject obj, JsonObject old) => PodDefaults.KeepPriority(obj, old);

    /// <summary>kube's <c>Convert_v1_Pod_To_core_Pod</c>: a negative <c>terminationGracePeriodSeconds</c> becomes 1.</summary>
    public void Decode(JsonObject obj)
    {
        if (JsonFields.Object(obj, "spec") is { } spec && JsonFields.Integer(spec, "terminationGracePeriodSeconds") < 0)
        {
            spec["terminationGracePeriodSeconds"] = 1;
        }
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

    public void ValidateStatusUpdate(JsonObject obj, JsonObject old, List<FieldError> errors) => PodStatusValidation.Validate(obj, old, errors);

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
