using System.Text.Json.Nodes;
using k8s.Models;

namespace Harness.Reconciling;

/// <summary>JSON merge patches (RFC 7386); a <c>null</c> member removes the field.</summary>
public static class MergePatches
{
    public static V1Patch Of(JsonObject patch) => new(patch.ToJsonString(), V1Patch.PatchType.MergePatch);

    /// <summary>Sets the finalizer list, guarded by the resourceVersion the decision was made on (409 if the object moved).</summary>
    public static V1Patch Finalizers(V1ObjectMeta metadata, IEnumerable<string> finalizers) => Of(new JsonObject
    {
        ["metadata"] = new JsonObject
        {
            ["resourceVersion"] = metadata.ResourceVersion,
            ["finalizers"] = new JsonArray([.. finalizers.Select(f => JsonValue.Create(f))]),
        },
    });

    public static IEnumerable<string> With(V1ObjectMeta metadata, params string[] finalizers) =>
        (metadata.Finalizers ?? []).Concat(finalizers.Where(f => metadata.Finalizers?.Contains(f) != true));

    public static IEnumerable<string> Without(V1ObjectMeta metadata, params string[] finalizers) =>
        (metadata.Finalizers ?? []).Where(f => !finalizers.Contains(f));

    public static bool Has(V1ObjectMeta metadata, string finalizer) => metadata.Finalizers?.Contains(finalizer) == true;
}
