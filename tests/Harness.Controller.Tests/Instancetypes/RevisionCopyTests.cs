using System.Text.Json.Nodes;
using Harness.Controller.Instancetypes;
using k8s.Models;

namespace Harness.Controller.Tests.Instancetypes;

/// <summary>The names and equality of instancetype revision copies (KubeVirt's <c>strings.Replace(..., 1)</c> and <c>revision.Compare</c>).</summary>
public sealed class RevisionCopyTests
{
    [Theory]
    [InlineData("vm1-it1-v1beta1-0f1e-1", "vm1", "snap1", "snap1-it1-v1beta1-0f1e-1")]
    [InlineData("vm1-vm1-v1beta1-0f1e-1", "vm1", "snap1", "snap1-vm1-v1beta1-0f1e-1")]
    [InlineData("snap1-it1-v1beta1-0f1e-1", "snap1", "vm1-new", "vm1-new-it1-v1beta1-0f1e-1")]
    [InlineData("pinned-by-hand", "vm1", "snap1", "pinned-by-hand")]
    [InlineData("vm1-it1", "", "x-", "x-vm1-it1")]
    public void Renamed_ReplacesTheFirstOccurrenceOnly(string name, string from, string to, string expected) =>
        Assert.Equal(expected, RevisionCopy.Renamed(name, from, to));

    [Fact]
    public void SameObject_ComparesTheSpecsOfTheObjectsHeld()
    {
        var original = Revision("vm1-it1", "vm1-uid", new JsonObject { ["cpu"] = new JsonObject { ["guest"] = 1 } });
        var copy = Revision("snap1-it1", "other-uid", new JsonObject { ["cpu"] = new JsonObject { ["guest"] = 1 } });
        var changed = Revision("vm1-it1", "vm1-uid", new JsonObject { ["cpu"] = new JsonObject { ["guest"] = 2 } });

        Assert.True(RevisionCopy.SameObject(original, copy));
        Assert.False(RevisionCopy.SameObject(original, changed));
    }

    [Fact]
    public void Of_KeepsLabelsDataAndRevision_AndTakesTheNewNameAndOwner()
    {
        var original = Revision("vm1-it1", "vm1-uid", new JsonObject { ["cpu"] = new JsonObject { ["guest"] = 1 } });
        original.Metadata.Labels = new Dictionary<string, string> { ["instancetype.kubevirt.io/object-name"] = "it1" };
        original.Revision = 3;
        var owner = new V1OwnerReference { Kind = "VirtualMachineSnapshot", Name = "snap1", Uid = "s-uid", Controller = true };

        var copy = RevisionCopy.Of(original, "snap1-it1", owner);

        Assert.Equal(("snap1-it1", "ns1", 3L), (copy.Metadata.Name, copy.Metadata.NamespaceProperty, copy.Revision));
        Assert.Equal(original.Metadata.Labels, copy.Metadata.Labels);
        Assert.Same(owner, Assert.Single(copy.Metadata.OwnerReferences));
        Assert.Null(copy.Metadata.Uid);
        Assert.True(RevisionCopy.SameObject(original, copy));
    }

    private static V1ControllerRevision Revision(string name, string uid, JsonObject spec) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns1", Uid = uid },
        Data = new JsonObject { ["apiVersion"] = "instancetype.kubevirt.io/v1beta1", ["kind"] = "VirtualMachineInstancetype", ["spec"] = spec },
    };
}
