namespace Harness.EnvTest.OpenApi;

/// <summary>
/// The definition names kube-apiserver uses in its OpenAPI documents: <c>io.k8s.api.core.v1.Pod</c>
/// for built-in types, the reversed group for custom ones
/// (<c>io.kubevirt.snapshot.v1beta1.VirtualMachineSnapshot</c>).
/// </summary>
internal static class DefinitionNames
{
    public const string ObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    public const string ListMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";
    public const string Status = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
    public const string Patch = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
    public const string DeleteOptions = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";
    public const string WatchEvent = "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent";

    public static string For(OpenApiResource resource, string kind)
    {
        if (resource.IsCustom)
        {
            var reversed = string.Join('.', resource.Group.Split('.').Reverse());
            return $"{reversed}.{resource.Version}.{kind}";
        }

        return $"{BuiltInPrefix(resource.Group)}.{resource.Version}.{kind}";
    }

    private static string BuiltInPrefix(string group) => group switch
    {
        "" => "io.k8s.api.core",
        "apiextensions.k8s.io" => "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
        "apiregistration.k8s.io" => "io.k8s.kube-aggregator.pkg.apis.apiregistration",
        _ => "io.k8s.api." + group.Split('.')[0],
    };
}
