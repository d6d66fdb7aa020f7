using System.Text.Json.Nodes;
using Harness.EnvTest.Patching;
using static Harness.EnvTest.Tests.Patching.PatchContexts;

namespace Harness.EnvTest.Tests.Patching;

public sealed class ServerSideApplyTests
{
    private const string ConfigMapYaml = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: default
          labels:
            app: web
        data:
          mode: fast
          level: "3"
        """;

    private static JsonObject ApplyConfigMap(JsonObject? current, string body, string manager = "kubectl", bool? force = null, DateTimeOffset? time = null) =>
        PatchContexts.Patch(PatchFormat.ApplyPatch, current, body, ConfigMap(manager, force, time));

    private static JsonObject CreateByUpdate(string json, string manager)
    {
        var created = Obj(json);
        ManagedFieldsTracker.RecordUpdate(null, created, manager, ConfigMap());
        return created;
    }

    [Fact]
    public void Apply_NoObject_CreatesItWithAnApplyEntry()
    {
        var result = ApplyConfigMap(null, ConfigMapYaml);

        AssertJson("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"default","labels":{"app":"web"}},"data":{"mode":"fast","level":"3"}}""", WithoutManagedFields(result));
        AssertJson("""
            [{"manager":"kubectl","operation":"Apply","apiVersion":"v1","time":"2026-01-02T03:04:05Z","fieldsType":"FieldsV1",
              "fieldsV1":{"f:data":{"f:level":{},"f:mode":{}},"f:metadata":{"f:labels":{"f:app":{}}}}}]
            """, result["metadata"]!["managedFields"]);
    }

    [Fact]
    public void Apply_ChangedFieldBySameManager_UpdatesValueAndTime()
    {
        var created = ApplyConfigMap(null, ConfigMapYaml);
        var later = T0.AddMinutes(1);

        var result = ApplyConfigMap(created, ConfigMapYaml.Replace("mode: fast", "mode: slow", StringComparison.Ordinal), time: later);

        Assert.Equal("slow", (string?)result["data"]!["mode"]);
        Assert.Equal("2026-01-02T03:05:05Z", (string?)result["metadata"]!["managedFields"]![0]!["time"]);
    }

    [Fact]
    public void Apply_FieldNoLongerApplied_IsRemoved()
    {
        var created = ApplyConfigMap(null, ConfigMapYaml);

        var result = ApplyConfigMap(created, ConfigMapYaml.Replace("\n  level: \"3\"", string.Empty, StringComparison.Ordinal).Replace("  labels:\n    app: web\n", string.Empty, StringComparison.Ordinal));

        AssertJson("""{"mode":"fast"}""", result["data"]);
        Assert.Null(result["metadata"]!["labels"]);
        AssertJson("""{"f:data":{"f:mode":{}}}""", result["metadata"]!["managedFields"]![0]!["fieldsV1"]);
    }

    [Fact]
    public void Apply_FieldNoLongerAppliedButOwnedByAnother_IsKept()
    {
        var created = ApplyConfigMap(null, ConfigMapYaml);
        var shared = ApplyConfigMap(created, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{"level":"3"}}""", manager: "other");

        var result = ApplyConfigMap(shared, ConfigMapYaml.Replace("\n  level: \"3\"", string.Empty, StringComparison.Ordinal));

        Assert.Equal("3", (string?)result["data"]!["level"]);
    }

    [Fact]
    public void Apply_FieldOwnedByUpdater_Answers409WithKubeMessage()
    {
        var created = CreateByUpdate("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{"mode":"slow"}}""", "other-manager");

        var error = Assert.Throws<PatchException>(() => ApplyConfigMap(created, ConfigMapYaml));

        Assert.Equal((409, "Conflict"), (error.StatusCode, error.Reason));
        Assert.Equal("Apply failed with 1 conflict: conflict with \"other-manager\" using v1: .data.mode", error.Message);
        var cause = Assert.Single(error.Causes);
        Assert.Equal(("FieldManagerConflict", ".data.mode", "conflict with \"other-manager\" using v1"), (cause.Reason, cause.Field, cause.Message));
    }

    [Fact]
    public void Apply_SeveralConflicts_ListsThemByManager()
    {
        var created = ApplyConfigMap(null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{"mode":"x","level":"9"}}""", manager: "ctl");

        var error = Assert.Throws<PatchException>(() => ApplyConfigMap(created, ConfigMapYaml));

        Assert.Equal("Apply failed with 2 conflicts: conflicts with \"ctl\":\n- .data.level\n- .data.mode", error.Message);
        Assert.Equal(2, error.Causes.Count);
    }

    [Fact]
    public void Apply_Force_TakesOwnershipFromTheOtherManager()
    {
        var created = CreateByUpdate("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{"mode":"slow","keep":"1"}}""", "other-manager");

        var result = ApplyConfigMap(created, ConfigMapYaml, force: true);

        Assert.Equal("fast", (string?)result["data"]!["mode"]);
        var entries = result["metadata"]!["managedFields"]!.AsArray();
        Assert.Equal(["Apply", "Update"], entries.Select(e => (string)e!["operation"]!));
        AssertJson("""{"f:data":{".":{},"f:keep":{}}}""", entries[1]!["fieldsV1"]);
    }

    [Fact]
    public void Apply_SameValueAsAnotherManager_SharesOwnershipWithoutConflict()
    {
        var created = CreateByUpdate("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{"mode":"fast"}}""", "other-manager");

        var result = ApplyConfigMap(created, ConfigMapYaml);

        var entries = result["metadata"]!["managedFields"]!.AsArray();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.NotNull(e!["fieldsV1"]!["f:data"]!["f:mode"]));
    }

    [Fact]
    public void Apply_YamlScalars_AreTypedAsKubeApiserverTypesThem()
    {
        var result = PatchContexts.Patch(PatchFormat.ApplyPatch, null, """
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w}
            spec:
              replicas: 3
              ratio: 0.5
              enabled: true
              code: "007"
              nothing: ~
            """, Widget("mgr"));

        AssertJson("""{"replicas":3,"ratio":0.5,"enabled":true,"code":"007"}""", result["spec"]);
    }

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"}}""", "invalid object type: /v1, Kind=Secret")]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"s","managedFields":[]}}""", "metadata.managedFields must be nil")]
    [InlineData("key: [unclosed", null)]
    public void Apply_BadConfiguration_Answers400(string body, string? message)
    {
        var error = Assert.Throws<PatchException>(() => ApplyConfigMap(null, body));

        Assert.Equal(400, error.StatusCode);
        if (message is not null)
        {
            Assert.Equal(message, error.Message);
        }
        else
        {
            Assert.StartsWith("error decoding YAML: ", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Apply_PodContainers_AreAssociativeByName()
    {
        var context = Pod("kubectl");
        var created = PatchApplier.Apply(PatchFormat.ApplyPatch, null, Body("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"app","image":"app:1"}]}}
            """), context);
        var withSidecar = PatchApplier.Apply(PatchFormat.ApplyPatch, created, Body("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"side","image":"side:1"}]}}
            """), context with { FieldManager = "injector" });

        AssertJson("""[{"name":"app","image":"app:1"},{"name":"side","image":"side:1"}]""", withSidecar["spec"]!["containers"]);
        AssertJson("""{"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{".":{},"f:image":{},"f:name":{}}}}}""", created["metadata"]!["managedFields"]![0]!["fieldsV1"]);
    }

    [Fact]
    public void Apply_CustomResourceListMapSchema_MergesItemsOfTwoManagers()
    {
        var schema = Obj("""
            {"type":"object","properties":{"spec":{"type":"object","properties":{
              "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["port"],"items":{"type":"object"}},
              "tags":{"type":"array","items":{"type":"string"}}}}}}
            """);
        var first = PatchApplier.Apply(PatchFormat.ApplyPatch, null, Body("""
            {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"ports":[{"port":80,"name":"http"}],"tags":["a"]}}
            """), Widget("one", schema: schema));

        var second = PatchApplier.Apply(PatchFormat.ApplyPatch, first, Body("""
            {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"ports":[{"port":443,"name":"https"}]}}
            """), Widget("two", schema: schema));
        var atomicConflict = Assert.Throws<PatchException>(() => PatchApplier.Apply(PatchFormat.ApplyPatch, second, Body("""
            {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"tags":["b"]}}
            """), Widget("two", schema: schema)));

        AssertJson("""[{"port":80,"name":"http"},{"port":443,"name":"https"}]""", second["spec"]!["ports"]);
        Assert.Equal(".spec.tags", Assert.Single(atomicConflict.Causes).Field);
    }

    [Fact]
    public void Apply_KeyedConflictPath_NamesTheItemByItsKeys()
    {
        var context = Pod("one");
        var created = PatchApplier.Apply(PatchFormat.ApplyPatch, null, Body("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"app","image":"app:1"}]}}
            """), context);

        var error = Assert.Throws<PatchException>(() => PatchApplier.Apply(PatchFormat.ApplyPatch, created, Body("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"app","image":"app:2"}]}}
            """), context with { FieldManager = "two" }));

        Assert.Equal(".spec.containers[name=\"app\"].image", Assert.Single(error.Causes).Field);
    }

    [Theory]
    [InlineData("kubectl", true)]
    [InlineData("someone", false)]
    public void Apply_AfterClientSideApply_KubectlTakesOverFieldsItsAnnotationClaims(string manager, bool succeeds)
    {
        const string LastApplied = """{"apiVersion":"v1","data":{"mode":"fast"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"settings","namespace":"default"}}""";
        var live = Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"default","annotations":{}},"data":{"mode":"fast"}}""");
        live["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"] = LastApplied;
        var created = CreateByUpdate(live.ToJsonString(), "kubectl-client-side-apply");
        var config = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"default"},"data":{"mode":"slow"}}""";

        if (!succeeds)
        {
            Assert.Equal(409, Assert.Throws<PatchException>(() => ApplyConfigMap(created, config, manager)).StatusCode);
            return;
        }

        var result = ApplyConfigMap(created, config, manager);

        Assert.Equal("slow", (string?)result["data"]!["mode"]);
        Assert.Equal(
            """{"apiVersion":"v1","data":{"mode":"slow"},"kind":"ConfigMap","metadata":{"name":"settings","namespace":"default"}}""" + "\n",
            (string?)result["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]);
    }

    [Fact]
    public void Apply_ContainerNoLongerApplied_IsRemovedUnlessAnotherManagerOwnsPartOfIt()
    {
        var context = Pod("kubectl");
        var both = PatchApplier.Apply(PatchFormat.ApplyPatch, null, Body("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"app","image":"app:1"},{"name":"side","image":"side:1"},{"name":"log","image":"log:1"}]}}
            """), context);
        var sideTouched = (JsonObject)both.DeepClone();
        sideTouched["spec"]!["containers"]![1]!["imagePullPolicy"] = "Always";
        ManagedFieldsTracker.RecordUpdate(both, sideTouched, "editor", context);

        var result = PatchApplier.Apply(PatchFormat.ApplyPatch, sideTouched, Body("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"app","image":"app:1"}]}}
            """), context);

        AssertJson("""[{"name":"app","image":"app:1"},{"name":"side","imagePullPolicy":"Always"}]""", result["spec"]!["containers"]);
    }

    [Fact]
    public void Apply_AtomicListOfCustomResource_IsReplacedWhole()
    {
        var first = PatchApplier.Apply(PatchFormat.ApplyPatch, null, Body("""
            {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"tags":["a","b"]}}
            """), Widget("mgr"));

        var second = PatchApplier.Apply(PatchFormat.ApplyPatch, first, Body("""
            {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"tags":["c"]}}
            """), Widget("mgr"));

        AssertJson("""["c"]""", second["spec"]!["tags"]);
        AssertJson("""{"f:spec":{"f:tags":{}}}""", second["metadata"]!["managedFields"]![0]!["fieldsV1"]);
    }
}
