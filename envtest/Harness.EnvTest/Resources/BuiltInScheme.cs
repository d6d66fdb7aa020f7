using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Resources;

/// <summary>
/// kube-apiserver's runtime schemes, as far as the built-in kinds this server serves: what decoding a body whose apiVersion
/// and kind are not the endpoint's answers (the legacy scheme holds every group but the CRD and APIService ones, which
/// apiextensions-apiserver and kube-aggregator register in schemes of their own).
/// </summary>
internal static class BuiltInScheme
{
    private static readonly IReadOnlyList<ResourceDefinition> Registered = BuiltInResources.Create();

    /// <summary>The 400 for a body of <paramref name="apiVersion"/> and <paramref name="kind"/> sent to <paramref name="def"/>'s endpoint.</summary>
    public static ApiStatusException Mismatch(ResourceDefinition def, string apiVersion, string kind)
    {
        var scheme = SchemeOf(def.Group);
        var version = apiVersion[(apiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..];
        var registered = Registered.FirstOrDefault(r => r.ApiVersion == apiVersion && r.Kind == kind && SchemeOf(r.Group) == scheme);
        if (registered is null)
        {
            return ApiErrors.CannotBeHandled(kind, version, def.Kind, $"no kind \"{kind}\" is registered for version \"{apiVersion}\" in scheme \"{scheme}\"");
        }

        return registered.StorageKey == def.StorageKey
            ? ApiErrors.ApiVersionMismatch(apiVersion, def.ApiVersion)
            : ApiErrors.CannotBeHandled(kind, version, def.Kind, $"converting ({version}.{kind}) to ({InternalPackage(def)}.{def.Kind}): unknown conversion");
    }

    /// <summary>
    /// Whether kube-apiserver serves <paramref name="group"/> with handlers of its own, which answer a path they lack with a
    /// <c>NotFound</c> Status; any other group's paths (custom resources' included) fall through to Go's plain
    /// <c>404 page not found</c>.
    /// </summary>
    public static bool IsBuiltInGroup(string group) => Registered.Any(r => r.Group == group);

    private static string SchemeOf(string group) => group switch
    {
        "apiextensions.k8s.io" => "pkg/apiserver/apiserver.go:53",
        "apiregistration.k8s.io" => "pkg/apiserver/scheme/scheme.go:28",
        _ => "pkg/api/legacyscheme/scheme.go:30",
    };

    /// <summary>The Go package of the internal type objects are converted to: the storage group's first label, <c>core</c> for the core group.</summary>
    private static string InternalPackage(ResourceDefinition def)
    {
        var group = def.StorageGroup ?? def.Group;
        return group.Length == 0 ? "core" : group.Split('.')[0];
    }
}
