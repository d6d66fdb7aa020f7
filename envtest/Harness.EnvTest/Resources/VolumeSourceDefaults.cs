using System.Text.Json.Nodes;
using Harness.EnvTest.Storage;
using Harness.EnvTest.Validation;

namespace Harness.EnvTest.Resources;

/// <summary>
/// kube's v1 defaults of the volume sources a pod's volume and a PersistentVolume's spec share (pkg/apis/core/v1/defaults.go:
/// RBD, iSCSI, Azure disk, ScaleIO), the same for both.
/// </summary>
internal static class VolumeSourceDefaults
{
    public static void Apply(JsonObject owner)
    {
        if (JsonFields.Object(owner, "rbd") is { } rbd)
        {
            ObjectJson.Default(rbd, "pool", "rbd");
            ObjectJson.Default(rbd, "user", "admin");
            ObjectJson.Default(rbd, "keyring", "/etc/ceph/keyring");
        }

        if (JsonFields.Object(owner, "iscsi") is { } iscsi)
        {
            ObjectJson.Default(iscsi, "iscsiInterface", "default");
        }

        if (JsonFields.Object(owner, "azureDisk") is { } azureDisk)
        {
            ObjectJson.Default(azureDisk, "cachingMode", "ReadWrite");
            ObjectJson.Default(azureDisk, "fsType", "ext4");
            ObjectJson.Default(azureDisk, "readOnly", false);
            ObjectJson.Default(azureDisk, "kind", "Shared");
        }

        if (JsonFields.Object(owner, "scaleIO") is { } scaleIo)
        {
            ObjectJson.Default(scaleIo, "storageMode", "ThinProvisioned");
            ObjectJson.Default(scaleIo, "fsType", "xfs");
        }
    }
}
