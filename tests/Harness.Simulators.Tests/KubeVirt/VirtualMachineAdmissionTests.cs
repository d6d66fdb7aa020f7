using System.Text.Json.Nodes;
using Harness.Simulators.KubeVirt.Admission;

namespace Harness.Simulators.Tests.KubeVirt;

public sealed class VirtualMachineAdmissionTests
{
    private static readonly VirtualMachineAdmission Sut = new();

    [Fact]
    public void Review_VolumeChangeWhileSnapshotInProgress_DeniedWithCause()
    {
        var old = Vm(runStrategy: "Always", volumes: ["disk0"], snapshot: "snap-1");
        var updated = Vm(runStrategy: "Always", volumes: ["disk0", "disk1"], snapshot: "snap-1");

        var response = Sut.Review(Review("UPDATE", updated, old))["response"]!.AsObject();

        Assert.False(response["allowed"]!.GetValue<bool>());
        Assert.Equal(422, response["status"]!["code"]!.GetValue<int>());
        Assert.Equal("Invalid", response["status"]!["reason"]!.GetValue<string>());
        Assert.Equal("Cannot update vm disks or volumes until snapshot \"snap-1\" completes", response["status"]!["message"]!.GetValue<string>());
        var cause = response["status"]!["details"]!["causes"]![0]!;
        Assert.Equal("FieldValueNotSupported", cause["reason"]!.GetValue<string>());
        Assert.Equal("spec", cause["field"]!.GetValue<string>());
        Assert.Equal("uid-1", response["uid"]!.GetValue<string>());
    }

    [Fact]
    public void Review_RunStrategyChangeWhileSnapshotInProgress_Denied()
    {
        var old = Vm(runStrategy: "Always", volumes: ["disk0"], snapshot: "snap-1");
        var updated = Vm(runStrategy: "Halted", volumes: ["disk0"], snapshot: "snap-1");

        var response = Sut.Review(Review("UPDATE", updated, old))["response"]!;

        Assert.False(response["allowed"]!.GetValue<bool>());
        Assert.Equal("Cannot update vm running state until snapshot \"snap-1\" completes", response["status"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public void Review_SwitchFromRunningToRunStrategyWhileSnapshotInProgress_Denied()
    {
        var old = Vm(runStrategy: null, volumes: ["disk0"], snapshot: "snap-1");
        old["spec"]!["running"] = true;
        var updated = Vm(runStrategy: "Always", volumes: ["disk0"], snapshot: "snap-1");

        var response = Sut.Review(Review("UPDATE", updated, old))["response"]!;

        Assert.False(response["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public void Review_LabelChangeWhileSnapshotInProgress_Allowed()
    {
        var old = Vm(runStrategy: "Always", volumes: ["disk0"], snapshot: "snap-1");
        var updated = Vm(runStrategy: "Always", volumes: ["disk0"], snapshot: "snap-1");
        updated["metadata"]!["labels"] = new JsonObject { ["team"] = "a" };

        var response = Sut.Review(Review("UPDATE", updated, old))["response"]!;

        Assert.True(response["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public void Review_VolumeChangeWithoutSnapshot_Allowed()
    {
        var old = Vm(runStrategy: "Always", volumes: ["disk0"], snapshot: null);
        var updated = Vm(runStrategy: "Halted", volumes: ["disk0", "disk1"], snapshot: null);

        var response = Sut.Review(Review("UPDATE", updated, old))["response"]!;

        Assert.True(response["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public void Review_RunStrategyChangeWhileRestoreInProgress_Denied()
    {
        var old = Vm(runStrategy: "Halted", volumes: ["disk0"], snapshot: null, restore: "restore-1");
        var updated = Vm(runStrategy: "Always", volumes: ["disk0"], snapshot: null, restore: "restore-1");

        var response = Sut.Review(Review("UPDATE", updated, old))["response"]!;

        Assert.False(response["allowed"]!.GetValue<bool>());
        Assert.Equal("Cannot update VM runStrategy until restore \"restore-1\" completes", response["status"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public void Review_VolumeChangeWhileRestoreInProgress_Allowed()
    {
        var old = Vm(runStrategy: "Halted", volumes: ["disk0"], snapshot: null, restore: "restore-1");
        var updated = Vm(runStrategy: "Halted", volumes: ["restored"], snapshot: null, restore: "restore-1");

        var response = Sut.Review(Review("UPDATE", updated, old))["response"]!;

        Assert.True(response["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public void Review_StatusSubresourceUpdate_Allowed()
    {
        var old = Vm(runStrategy: "Always", volumes: ["disk0"], snapshot: "snap-1");
        var updated = Vm(runStrategy: "Halted", volumes: ["disk0"], snapshot: "snap-1");
        var review = Review("UPDATE", updated, old);
        review["request"]!["subResource"] = "status";

        Assert.True(Sut.Review(review)["response"]!["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public void Review_Create_Allowed()
    {
        var vm = Vm(runStrategy: "Always", volumes: ["disk0"], snapshot: null);

        Assert.True(Sut.Review(Review("CREATE", vm, null))["response"]!["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public void Review_OtherResource_RefusedWithMessage()
    {
        var review = Review("UPDATE", Vm("Always", ["disk0"], null), Vm("Always", ["disk0"], null));
        review["request"]!["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" };

        var response = Sut.Review(review)["response"]!;

        Assert.False(response["allowed"]!.GetValue<bool>());
        Assert.Contains("virtualmachines", response["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Review_NoRequest_RefusedNotThrown()
    {
        var response = Sut.Review(new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview" })["response"]!;

        Assert.False(response["allowed"]!.GetValue<bool>());
        Assert.Equal(400, response["status"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public void Review_UpdateWithoutOldObject_RefusedNotThrown()
    {
        var response = Sut.Review(Review("UPDATE", Vm("Always", ["disk0"], "snap"), null))["response"]!;

        Assert.False(response["allowed"]!.GetValue<bool>());
        Assert.Equal("Could not fetch old vm", response["status"]!["message"]!.GetValue<string>());
    }

    private static JsonObject Review(string operation, JsonObject vm, JsonObject? old) => new()
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["request"] = new JsonObject
        {
            ["uid"] = "uid-1",
            ["kind"] = new JsonObject { ["group"] = "kubevirt.io", ["version"] = "v1", ["kind"] = "VirtualMachine" },
            ["resource"] = new JsonObject { ["group"] = "kubevirt.io", ["version"] = "v1", ["resource"] = "virtualmachines" },
            ["operation"] = operation,
            ["object"] = vm,
            ["oldObject"] = old,
        },
    };

    private static JsonObject Vm(string? runStrategy, string[] volumes, string? snapshot, string? restore = null)
    {
        var spec = new JsonObject
        {
            ["template"] = new JsonObject
            {
                ["spec"] = new JsonObject
                {
                    ["domain"] = new JsonObject(),
                    ["volumes"] = new JsonArray([.. volumes.Select(v => (JsonNode)new JsonObject
                    {
                        ["name"] = v,
                        ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = v },
                    })]),
                },
            },
        };
        if (runStrategy is not null)
        {
            spec["runStrategy"] = runStrategy;
        }

        var status = new JsonObject();
        if (snapshot is not null)
        {
            status["snapshotInProgress"] = snapshot;
        }

        if (restore is not null)
        {
            status["restoreInProgress"] = restore;
        }

        return new JsonObject
        {
            ["apiVersion"] = "kubevirt.io/v1",
            ["kind"] = "VirtualMachine",
            ["metadata"] = new JsonObject { ["name"] = "vm1", ["namespace"] = "default" },
            ["spec"] = spec,
            ["status"] = status,
        };
    }
}
