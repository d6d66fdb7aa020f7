using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Reconciling;
using Harness.Reflectors;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson.Exceptions;

namespace Harness.Controller.Restores.Target;

/// <summary>
/// A restore's <c>spec.patches</c> (one JSON patch operation object each) joined into one RFC 6902 patch and applied
/// to a new target VM before it is created (KubeVirt's <c>patchVM</c>); never to an existing target.
/// </summary>
internal static class VmPatches
{
    /// <exception cref="RestoreException"><c>error patching VM NAME: ...</c> when a patch does not decode or apply.</exception>
    public static VirtualMachine Apply(VirtualMachine vm, IList<string>? patches)
    {
        var json = KubernetesUtf8Json.SerializeToNode(vm)!.AsObject();
        if (patches is not { Count: > 0 })
        {
            return vm;
        }

        try
        {
            var document = JsonSerializer.Deserialize<JsonPatchDocument>($"[{string.Join(",", patches)}]")
                ?? throw new JsonException("the patch is null");
            document.ApplyTo(json);
            return KubernetesUtf8Json.Deserialize<VirtualMachine>(json)!;
        }
        catch (Exception e) when (e is JsonException or JsonPatchException)
        {
            throw new RestoreException($"error patching VM {vm.Metadata.Name}: {e.Message}");
        }
    }
}
