using System.Text.Json.Nodes;

namespace Harness.Simulators.Tests.KubeVirt;

/// <summary>The objects the KubeVirt tests create, as a user would write them.</summary>
internal static class Manifests
{
    public static JsonObject Vm(string name, string? runStrategy = "Always", JsonObject? annotations = null, params JsonObject[] volumes)
    {
        var spec = new JsonObject
        {
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["annotations"] = annotations ?? new JsonObject(), ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject
                {
                    ["domain"] = new JsonObject
                    {
                        ["devices"] = new JsonObject
                        {
                            ["disks"] = new JsonArray([.. volumes.Select(v => (JsonNode)new JsonObject
                            {
                                ["name"] = v["name"]!.GetValue<string>(),
                                ["disk"] = new JsonObject { ["bus"] = "virtio" },
                            })]),
                        },
                        ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["memory"] = "128Mi" } },
                    },
                    ["volumes"] = new JsonArray([.. volumes.Select(v => (JsonNode)v)]),
                },
            },
        };
        if (runStrategy is not null)
        {
            spec["runStrategy"] = runStrategy;
        }

        return new JsonObject
        {
            ["apiVersion"] = "kubevirt.io/v1",
            ["kind"] = "VirtualMachine",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = spec,
        };
    }

    public static JsonObject ClaimVolume(string name, string claim) => new()
    {
        ["name"] = name,
        ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = claim },
    };

    public static JsonObject DataVolumeVolume(string name, string dataVolume) => new()
    {
        ["name"] = name,
        ["dataVolume"] = new JsonObject { ["name"] = dataVolume },
    };

    public static JsonObject ContainerDisk(string name) => new()
    {
        ["name"] = name,
        ["containerDisk"] = new JsonObject { ["image"] = "quay.io/containerdisks/fedora:latest" },
    };

    public static JsonObject DataVolume(string name, JsonObject source, string? storageClass = null, JsonObject? annotations = null)
    {
        var storage = new JsonObject { ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = "1Gi" } } };
        if (storageClass is not null)
        {
            storage["storageClassName"] = storageClass;
        }

        return new JsonObject
        {
            ["apiVersion"] = "cdi.kubevirt.io/v1beta1",
            ["kind"] = "DataVolume",
            ["metadata"] = new JsonObject { ["name"] = name, ["annotations"] = annotations ?? new JsonObject() },
            ["spec"] = new JsonObject { ["source"] = source, ["storage"] = storage },
        };
    }
}
