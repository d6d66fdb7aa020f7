using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Harness.Simulators.Tests.KubeVirt;

/// <summary>StorageClasses and claims for the storage tests; the test binds claims itself, as a provisioner would.</summary>
internal static class StorageWorld
{
    public const string Driver = "csi.harness.io";

    public static Task<V1StorageClass> StorageClassAsync(KubeVirtWorld world, string name, string bindingMode, bool isDefault = false, string provisioner = Driver)
        => world.Client.StorageV1.CreateStorageClassAsync(new V1StorageClass
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Annotations = isDefault ? new Dictionary<string, string> { ["storageclass.kubernetes.io/is-default-class"] = "true" } : null,
            },
            Provisioner = provisioner,
            VolumeBindingMode = bindingMode,
        });

    public static Task<V1PersistentVolumeClaim> ClaimAsync(KubeVirtWorld world, string name, string storageClass, IDictionary<string, string>? annotations = null)
        => world.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(
            new V1PersistentVolumeClaim
            {
                Metadata = new V1ObjectMeta { Name = name, Annotations = annotations },
                Spec = new V1PersistentVolumeClaimSpec
                {
                    AccessModes = ["ReadWriteOnce"],
                    StorageClassName = storageClass,
                    Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
                },
            },
            world.Namespace);

    /// <summary>Marks a claim Bound to a volume named after it.</summary>
    public static Task BindAsync(KubeVirtWorld world, string name)
        => world.Client.CoreV1.PatchNamespacedPersistentVolumeClaimStatusAsync(
            new V1Patch(
                new JsonObject
                {
                    ["status"] = new JsonObject
                    {
                        ["phase"] = "Bound",
                        ["accessModes"] = new JsonArray("ReadWriteOnce"),
                        ["capacity"] = new JsonObject { ["storage"] = "1Gi" },
                    },
                }.ToJsonString(),
                V1Patch.PatchType.MergePatch),
            name,
            world.Namespace);

    public static async Task<V1PersistentVolumeClaim?> ReadClaimAsync(KubeVirtWorld world, string name)
    {
        var claims = await world.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(world.Namespace);
        return claims.Items.FirstOrDefault(c => c.Metadata.Name == name);
    }
}
