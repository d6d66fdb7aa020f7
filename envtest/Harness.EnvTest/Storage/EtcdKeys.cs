using Harness.EnvTest.Resources;

namespace Harness.EnvTest.Storage;

/// <summary>
/// The etcd key kube-apiserver stores an object under (<c>/registry/configmaps/ns/name</c>), which some of its errors quote:
/// built-ins under their resource name, custom resources and the apiextensions/apiregistration kinds under group and resource.
/// </summary>
internal static class EtcdKeys
{
    public static string Of(ResourceDefinition def, string ns, string name)
    {
        var group = def.StorageGroup ?? def.Group;
        var resource = def.IsCustom || group is "apiextensions.k8s.io" or "apiregistration.k8s.io" ? $"{group}/{def.Plural}" : def.Plural;
        return ns.Length == 0 ? $"/registry/{resource}/{name}" : $"/registry/{resource}/{ns}/{name}";
    }
}
