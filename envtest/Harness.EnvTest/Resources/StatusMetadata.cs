using System.Text.Json.Nodes;
using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Resources;

/// <summary>
/// The metadata a built-in's <c>/status</c> write may change: kube's status strategies reset the spec but not, for the core
/// kinds and CRDs, the labels, annotations, finalizers and owner references (custom resources and APIServices keep them all).
/// </summary>
internal static class StatusMetadata
{
    public static readonly IReadOnlyList<string> CoreFields = ["labels", "annotations", "finalizers", "ownerReferences"];

    /// <summary>Sets <paramref name="fields"/> of <paramref name="merged"/>'s metadata to <paramref name="requested"/>'s (absent where they are).</summary>
    public static void Keep(JsonObject merged, JsonObject requested, IEnumerable<string> fields)
    {
        var metadata = ObjectJson.Metadata(merged);
        var sent = requested["metadata"] as JsonObject;
        foreach (var field in fields)
        {
            ObjectJson.SetOrRemove(metadata, field, sent?[field]);
        }
    }
}
