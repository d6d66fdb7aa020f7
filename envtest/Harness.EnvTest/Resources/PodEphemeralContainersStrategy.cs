using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.FieldValidation;
using Harness.EnvTest.Serialization.GoStructs;
using Harness.EnvTest.Storage;
using Harness.EnvTest.Validation;
using k8s.Models;

namespace Harness.EnvTest.Resources;

/// <summary>
/// kube-apiserver 1.32's <c>pods/NAME/ephemeralcontainers</c> (podEphemeralContainersStrategy): the stored pod with the
/// request's <c>spec.ephemeralContainers</c>, the rest of the request (metadata, managed fields, other spec fields)
/// dropped; validated as <c>ValidatePodEphemeralContainersUpdate</c> does: a static pod refused, the pod's metadata and
/// spec as <see cref="PodValidation"/> checks them, and none of the pod's ephemeral containers removed or changed.
/// </summary>
internal sealed class PodEphemeralContainersStrategy : IPartSubresourceStrategy
{
    public const string Name = "ephemeralcontainers";

    private const string MirrorPodAnnotation = "kubernetes.io/config.mirror";

    public JsonObject PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        var pod = old.DeepClone().AsObject();
        if (pod["spec"] is not JsonObject spec)
        {
            pod["spec"] = spec = [];
        }

        ObjectJson.SetOrRemove(spec, "ephemeralContainers", obj["spec"]?["ephemeralContainers"]);
        return pod;
    }

    public void ValidateUpdate(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        if (JsonFields.Object(ObjectJson.Metadata(old), "annotations")?.ContainsKey(MirrorPodAnnotation) == true)
        {
            // kube's field.NewPath("") prints as "[]".
            errors.Add(FieldErrorFactory.Forbidden("[]", "static pods do not support ephemeral containers"));
            return;
        }

        PodDefaults.Apply(obj);
        PodValidation.Validate(obj, old, errors);
        var containers = JsonFields.Array(JsonFields.Object(obj, "spec"), "ephemeralContainers")
            .GroupBy(c => JsonFields.String(c, "name") ?? string.Empty).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        foreach (var existing in JsonFields.Array(JsonFields.Object(old, "spec"), "ephemeralContainers"))
        {
            var name = JsonFields.String(existing, "name") ?? string.Empty;
            if (!containers.TryGetValue(name, out var container))
            {
                errors.Add(FieldErrorFactory.Forbidden("spec.ephemeralContainers", $"existing ephemeral containers \"{name}\" may not be removed\n"));
            }
            else if (Semantic(container) is var now && Semantic(existing) is var before && !JsonNode.DeepEquals(now, before))
            {
                errors.Add(FieldErrorFactory.Forbidden(
                    "spec.ephemeralContainers", $"existing ephemeral containers \"{name}\" may not be changed\n" + ChangedFields.Describe(now, before).TrimStart('\n')));
            }
        }
    }

    /// <summary>The container as <c>apiequality.Semantic.DeepEqual</c> compares the Go struct (unset-equivalent members left out).</summary>
    private static JsonObject Semantic(JsonNode? container)
    {
        var copy = container?.DeepClone() as JsonObject ?? [];
        GoStructArranger.DropOmittedZeros(copy, FieldShape.Of(typeof(V1EphemeralContainer)));
        return SemanticJson.Canonical(copy) as JsonObject ?? [];
    }
}
