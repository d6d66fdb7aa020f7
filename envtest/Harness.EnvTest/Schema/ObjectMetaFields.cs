namespace Harness.EnvTest.Schema;

/// <summary>The fields of <c>metav1.ObjectMeta</c>: what survives in <c>metadata</c> of a custom resource and of embedded resources.</summary>
internal static class ObjectMetaFields
{
    public static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
        "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
        "ownerReferences", "finalizers", "managedFields",
    };
}
