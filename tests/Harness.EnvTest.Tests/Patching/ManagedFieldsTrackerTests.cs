using System.Text.Json.Nodes;
using Harness.EnvTest.Patching;
using static Harness.EnvTest.Tests.Patching.PatchContexts;

namespace Harness.EnvTest.Tests.Patching;

public sealed class ManagedFieldsTrackerTests
{
    [Fact]
    public void RecordUpdate_Create_RecordsAddedFieldsWithTheirContainers()
    {
        var created = Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","uid":"1","labels":{"a":"1"}},"data":{"x":"1"}}""");

        ManagedFieldsTracker.RecordUpdate(null, created, "kubectl-create", ConfigMap());

        AssertJson("""
            [{"manager":"kubectl-create","operation":"Update","apiVersion":"v1","time":"2026-01-02T03:04:05Z","fieldsType":"FieldsV1",
              "fieldsV1":{"f:data":{".":{},"f:x":{}},"f:metadata":{"f:labels":{".":{},"f:a":{}}}}}]
            """, created["metadata"]!["managedFields"]);
    }

    [Fact]
    public void RecordUpdate_ChangeOfAppliedField_MovesOwnershipToTheUpdater()
    {
        var applied = Patch(PatchFormat.ApplyPatch, null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"x":"1","y":"1"}}""", ConfigMap("applier"));
        var updated = (JsonObject)applied.DeepClone();
        updated["data"]!["x"] = "2";

        ManagedFieldsTracker.RecordUpdate(applied, updated, "editor", ConfigMap());

        var entries = updated["metadata"]!["managedFields"]!.AsArray();
        AssertJson("""{"f:data":{"f:y":{}}}""", entries[0]!["fieldsV1"]);
        AssertJson("""{"f:data":{"f:x":{}}}""", entries[1]!["fieldsV1"]);
        Assert.Equal("editor", (string?)entries[1]!["manager"]);
    }

    [Fact]
    public void RecordUpdate_NothingChanged_AddsNoEntry()
    {
        var applied = Patch(PatchFormat.ApplyPatch, null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"x":"1"}}""", ConfigMap("applier"));
        var same = (JsonObject)applied.DeepClone();
        same["metadata"]!["resourceVersion"] = "42";

        ManagedFieldsTracker.RecordUpdate(applied, same, "editor", ConfigMap());

        Assert.Single(same["metadata"]!["managedFields"]!.AsArray());
    }

    [Fact]
    public void RecordUpdate_EmptyManagedFieldsList_ResetsTracking()
    {
        var applied = Patch(PatchFormat.ApplyPatch, null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"x":"1"}}""", ConfigMap("applier"));
        var reset = (JsonObject)applied.DeepClone();
        reset["metadata"]!["managedFields"] = new JsonArray();

        ManagedFieldsTracker.RecordUpdate(applied, reset, "editor", ConfigMap());

        Assert.Null(reset["metadata"]!["managedFields"]);
    }

    [Fact]
    public void RecordUpdate_ResetField_IsNotOwned()
    {
        var created = Obj("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"nodeName":"n"},"status":{"phase":"Pending"}}""");

        ManagedFieldsTracker.RecordUpdate(null, created, "ctl", Pod() with { ResetFields = new HashSet<string> { "status" } });

        AssertJson("""{"f:spec":{".":{},"f:nodeName":{}}}""", created["metadata"]!["managedFields"]![0]!["fieldsV1"]);
    }

    [Fact]
    public void Apply_MergePatch_RecordsTheUserAgentAsManager()
    {
        var current = Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"x":"1"}}""");

        var result = Patch(PatchFormat.MergePatch, current, """{"data":{"x":"2"}}""", ConfigMap());

        Assert.Equal("kubectl", (string?)result["metadata"]!["managedFields"]![0]!["manager"]);
        AssertJson("""{"f:data":{"f:x":{}}}""", result["metadata"]!["managedFields"]![0]!["fieldsV1"]);
    }

    [Fact]
    public void RecordUpdate_OwnerChangesItsOwnField_StampsItsTimeAndKeepsTimeOrder()
    {
        var obj = Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"x":"1"}}""");
        ManagedFieldsTracker.RecordUpdate(null, obj, "a", ConfigMap());
        var withY = (JsonObject)obj.DeepClone();
        withY["data"]!["y"] = "1";
        ManagedFieldsTracker.RecordUpdate(obj, withY, "b", ConfigMap(time: T0.AddMinutes(1)));
        var changedX = (JsonObject)withY.DeepClone();
        changedX["data"]!["x"] = "2";

        ManagedFieldsTracker.RecordUpdate(withY, changedX, "a", ConfigMap(time: T0.AddMinutes(2)));

        AssertJson("""
            [{"manager":"b","operation":"Update","apiVersion":"v1","time":"2026-01-02T03:05:05Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:y":{}}}},
             {"manager":"a","operation":"Update","apiVersion":"v1","time":"2026-01-02T03:06:05Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:x":{}}}}]
            """, changedX["metadata"]!["managedFields"]);
    }

    [Fact]
    public void RecordUpdate_NewObjectWithoutManagedFields_KeepsTheLiveEntries()
    {
        var obj = Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"x":"1"}}""");
        ManagedFieldsTracker.RecordUpdate(null, obj, "a", ConfigMap());
        var replacement = WithoutManagedFields(obj);
        replacement["data"]!["x"] = "2";

        ManagedFieldsTracker.RecordUpdate(obj, replacement, "a", ConfigMap(time: T0.AddMinutes(1)));

        Assert.Equal("2026-01-02T03:05:05Z", (string?)replacement["metadata"]!["managedFields"]![0]!["time"]);
        Assert.Equal("2026-01-02T03:04:05Z", (string?)obj["metadata"]!["managedFields"]![0]!["time"]);
    }

    [Fact]
    public void RecordUpdate_MoreThanTenUpdaters_MergesTheOldestIntoAncientChanges()
    {
        var obj = Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{}}""");
        for (var i = 0; i < 12; i++)
        {
            var next = (JsonObject)obj.DeepClone();
            next["data"]!["k" + i] = "v";
            ManagedFieldsTracker.RecordUpdate(obj, next, "m" + i, ConfigMap(time: T0.AddMinutes(i)));
            obj = next;
        }

        var entries = obj["metadata"]!["managedFields"]!.AsArray();
        Assert.Equal(10, entries.Count);
        var ancient = entries.Single(e => (string?)e!["manager"] == "ancient-changes")!;
        Assert.Equal("2026-01-02T03:06:05Z", (string?)ancient["time"]);
        Assert.NotNull(ancient["fieldsV1"]!["f:data"]!["f:k0"]);
        Assert.NotNull(ancient["fieldsV1"]!["f:data"]!["f:k2"]);
        Assert.DoesNotContain(entries, e => (string?)e!["manager"] is "m0" or "m1" or "m2");
    }
}
