using System.Text.Json.Nodes;
using Harness.Api.Clones;
using Harness.Api.KubeVirt;
using Harness.Simulators.KubeVirt.Clones;
using k8s;

namespace Harness.Simulators.Tests.KubeVirt;

/// <summary>The patches a VirtualMachineClone hands its restore (KubeVirt's <c>generatePatches</c>).</summary>
public sealed class ClonePatchesTests
{
    private static JsonObject Vm() => JsonNode.Parse("""
        {
          "metadata": {
            "name": "vm1",
            "labels": { "app": "web", "team/owner": "a", "tier": "front" },
            "annotations": { "note": "x", "restore.kubevirt.io/lastRestoreUID": "r-1" }
          },
          "spec": {
            "template": {
              "metadata": { "labels": { "kubevirt.io/domain": "vm1" }, "annotations": { "a~b": "1" } },
              "spec": {
                "domain": {
                  "firmware": { "serial": "old", "uuid": "u" },
                  "devices": { "interfaces": [ { "name": "default" }, { "name": "second" } ] }
                }
              }
            }
          }
        }
        """)!.AsObject();

    /// <summary>The patches for a VM and a clone spec written as JSON, read through the API model as the controller reads them.</summary>
    private static IReadOnlyList<string> Patches(JsonObject vm, JsonObject cloneSpec)
        => ClonePatches.For(KubernetesJson.Deserialize<VirtualMachine>(vm.ToJsonString()), KubernetesJson.Deserialize<VirtualMachineCloneSpec>(cloneSpec.ToJsonString()));

    [Fact]
    public void For_NoFilters_NewMacsSerialAndUuidOnly_ThenTheClonesOwnPatches()
    {
        var spec = JsonNode.Parse("""{ "newMacAddresses": { "second": "02:00:00:00:00:02" }, "newSMBiosSerial": "s-2", "patches": ["{\"op\":\"add\",\"path\":\"/metadata/labels/x\",\"value\":\"y\"}"] }""")!.AsObject();

        var patches = Patches(Vm(), spec);

        Assert.Equal(
            [
                """{"op":"replace","path":"/spec/template/spec/domain/devices/interfaces/0/macAddress","value":""}""",
                """{"op":"replace","path":"/spec/template/spec/domain/devices/interfaces/1/macAddress","value":"02:00:00:00:00:02"}""",
                """{"op":"replace","path":"/spec/template/spec/domain/firmware/serial","value":"s-2"}""",
                """{"op":"replace","path":"/spec/template/spec/domain/firmware/uuid","value":""}""",
                """{"op":"add","path":"/metadata/labels/x","value":"y"}""",
            ],
            patches);
    }

    [Fact]
    public void For_Filters_RemoveWhatTheyDoNotKeep_NegationWins_LastRestoreUidKept_KeysEscaped()
    {
        var spec = JsonNode.Parse("""
            {
              "labelFilters": ["*", "!team/.*"],
              "annotationFilters": ["^keep"],
              "template": { "labelFilters": ["kubevirt"], "annotationFilters": ["("] }
            }
            """)!.AsObject();

        var removed = Patches(Vm(), spec)
            .Select(p => JsonNode.Parse(p)!.AsObject())
            .Where(p => p["op"]!.GetValue<string>() == "remove")
            .Select(p => p["path"]!.GetValue<string>());

        Assert.Equal(["/metadata/labels/team~1owner", "/metadata/annotations/note", "/spec/template/metadata/annotations/a~0b"], removed);
    }

    [Fact]
    public void For_NoInterfacesNoFirmware_NoPatches()
    {
        var vm = Vm();
        vm["spec"]!["template"]!["spec"]!["domain"] = new JsonObject();

        Assert.Empty(Patches(vm, new JsonObject()));
    }
}
