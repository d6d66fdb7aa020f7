using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;

namespace Harness.Controller.Admission;

/// <summary>
/// Whether a VM keeps state on a backend-storage PVC: its template asks for a persistent TPM
/// (<c>domain.devices.tpm.persistent: true</c>) or a persistent EFI variable store
/// (<c>domain.firmware.bootloader.efi.persistent: true</c>). Read from the VM as written (the model keeps the fields it does not name).
/// </summary>
internal static class BackendStorage
{
    public static bool IsNeeded(VirtualMachine virtualMachine)
    {
        var domain = JsonSerializer.SerializeToNode(virtualMachine)?["spec"]?["template"]?["spec"]?["domain"];
        return IsTrue(domain?["devices"]?["tpm"]?["persistent"]) || IsTrue(domain?["firmware"]?["bootloader"]?["efi"]?["persistent"]);
    }

    private static bool IsTrue(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;
}
