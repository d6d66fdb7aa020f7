using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Resources;
using Harness.EnvTest.Storage;
using Harness.EnvTest.Validation;

namespace Harness.EnvTest.Core;

/// <summary>
/// kube-apiserver's PersistentVolumeClaimResize admission (on by default): a bound claim's storage request (validation lets
/// only a bound claim's change) may grow only when its StorageClass sets <c>allowVolumeExpansion: true</c>; otherwise 403
/// with the plugin's message.
/// </summary>
public sealed partial class ApiServer
{
    private void AdmitClaimResize(ResourceDefinition def, string? subresource, string name, JsonObject obj, JsonObject old)
    {
        if (subresource is not null || def.Group.Length != 0 || def.Plural != "persistentvolumeclaims"
            || !Quantities.TryParse(StorageRequest(obj) ?? "0", out var requested) || !Quantities.TryParse(StorageRequest(old) ?? "0", out var previous)
            || requested <= previous)
        {
            return;
        }

        var className = obj["spec"]?["storageClassName"]?.GetValue<string>() ?? string.Empty;
        var classes = registry.Current.Find("storage.k8s.io", "v1", "storageclasses")!;
        var storageClass = className.Length == 0 ? null : store.Get(classes.StorageKey, StoredObject.KeyOf(string.Empty, className));
        if (storageClass is null || ObjectJson.Parse(storageClass.Json)["allowVolumeExpansion"]?.GetValue<bool>() != true)
        {
            throw ApiErrors.Forbidden(def.Plural, def.Group, name, "only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize");
        }
    }

    private static string? StorageRequest(JsonObject claim) => claim["spec"]?["resources"]?["requests"]?["storage"]?.ToString();
}
