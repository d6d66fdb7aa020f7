using System.Text.Json.Nodes;
using Harness.EnvTest.Crds;
using Harness.EnvTest.Tables;

namespace Harness.EnvTest.Tests.Tables;

public sealed class TableConverterTests
{
    private const string Snapshot = """
        {"apiVersion": "snapshot.kubevirt.io/v1beta1", "kind": "VirtualMachineSnapshot",
         "metadata": {"name": "snap-larry", "namespace": "default", "resourceVersion": "42", "creationTimestamp": "2024-05-01T10:00:00Z"},
         "spec": {"source": {"apiGroup": "kubevirt.io", "kind": "VirtualMachine", "name": "larry"}},
         "status": {"phase": "Failed", "readyToUse": false, "creationTime": "2024-05-01T10:00:05+02:00", "error": {"message": "boom"}}}
        """;

    [Fact]
    public void ConvertObject_SnapshotColumns_RendersUpstreamColumnsAndTypedCells()
    {
        var converter = TableConverter.ForCrdVersion(CrdVersion("virtualmachinesnapshots.snapshot.kubevirt.io", "v1beta1"));

        var table = converter.ConvertObject(Obj(Snapshot), new TableOptions());

        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1", table["apiVersion"]!.GetValue<string>());
        Assert.Equal("42", table["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(
            "Name,SourceKind,SourceName,Phase,ReadyToUse,CreationTime,Error",
            string.Join(',', table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>())));
        Assert.Equal("""["snap-larry","VirtualMachine","larry","Failed",false,"2024-05-01T08:00:05Z","boom"]""", table["rows"]![0]!["cells"]!.ToJsonString());
    }

    [Fact]
    public void ConvertObject_MissingStatus_GivesNullCells()
    {
        var obj = Obj(Snapshot);
        obj.Remove("status");
        var converter = TableConverter.ForCrdVersion(CrdVersion("virtualmachinesnapshots.snapshot.kubevirt.io", "v1alpha1"));

        var table = converter.ConvertObject(obj, new TableOptions());

        Assert.Equal("""["snap-larry","VirtualMachine","larry",null,null,null,null]""", table["rows"]![0]!["cells"]!.ToJsonString());
    }

    [Fact]
    public void ConvertObject_VmiColumns_EvaluatesConditionFiltersAndKeepsPriority()
    {
        var converter = TableConverter.ForCrdVersion(CrdVersion("virtualmachineinstances.kubevirt.io", "v1"));
        var vmi = Obj("""
            {"metadata": {"name": "larry", "creationTimestamp": "2024-05-01T10:00:00Z"},
             "status": {"phase": "Running", "nodeName": "node01", "interfaces": [{"ipAddress": "10.0.0.5"}],
                        "conditions": [{"type": "LiveMigratable", "status": "False"}, {"type": "Ready", "status": "True"}]}}
            """);

        var table = converter.ConvertObject(vmi, new TableOptions());

        Assert.Equal("""["larry","2024-05-01T10:00:00Z","Running","10.0.0.5","node01","True","False",null]""", table["rows"]![0]!["cells"]!.ToJsonString());
        var priorities = table["columnDefinitions"]!.AsArray().Select(c => c!["priority"]!.GetValue<int>());
        Assert.Equal([0, 0, 0, 0, 0, 0, 1, 1], priorities);
    }

    [Theory]
    [InlineData("integer", "5", "5")]
    [InlineData("integer", "5.7", "5")]
    [InlineData("integer", "\"5\"", "null")]
    [InlineData("number", "5", "5")]
    [InlineData("boolean", "\"true\"", "null")]
    [InlineData("boolean", "true", "true")]
    [InlineData("string", "12", "\"12\"")]
    [InlineData("string", "{\"b\": 1, \"a\": \"x\"}", "\"map[a:x b:1]\"")]
    [InlineData("string", "[\"a\", 2]", "\"[a 2]\"")]
    [InlineData("date", "\"yesterday\"", "\"\\u003Cinvalid\\u003E\"")]
    [InlineData("date", "7", "null")]
    public void ConvertObject_ColumnType_ConvertsCellAsKube(string type, string value, string expectedCell)
    {
        var converter = TableConverter.ForColumns([new PrinterColumn("V", type, ".spec.v")]);
        var obj = Obj("""{"metadata": {"name": "o"}, "spec": {}}""");
        obj["spec"]!["v"] = JsonNode.Parse(value);

        var table = converter.ConvertObject(obj, new TableOptions());

        Assert.Equal(expectedCell, table["rows"]![0]!["cells"]![1]?.ToJsonString() ?? "null");
    }

    [Fact]
    public void ConvertList_Default_HasNameAndCreatedAtAndListMetadata()
    {
        var items = new[]
        {
            Obj("""{"metadata": {"name": "a", "creationTimestamp": "2024-05-01T10:00:00Z"}}"""),
            Obj("""{"metadata": {"name": "b", "creationTimestamp": "2024-05-02T10:00:00Z"}}"""),
        };

        var table = TableConverter.Default.ConvertList(items, new TableOptions(), resourceVersion: "7", continueToken: "next", remainingItemCount: 3);

        Assert.Equal("""[{"name":"Name","type":"string","format":"name","description":"Name of the object, unique within its namespace (or the cluster for cluster-scoped objects).","priority":0},{"name":"Created At","type":"date","format":"","description":"When the object was created, as an RFC 3339 time in UTC; set by the server.","priority":0}]""", table["columnDefinitions"]!.ToJsonString());
        Assert.Equal("""{"resourceVersion":"7","continue":"next","remainingItemCount":3}""", table["metadata"]!.ToJsonString());
        Assert.Equal(["""["a","2024-05-01T10:00:00Z"]""", """["b","2024-05-02T10:00:00Z"]"""], table["rows"]!.AsArray().Select(r => r!["cells"]!.ToJsonString()));
    }

    [Fact]
    public void ForCrdVersion_NoColumns_ServesAge()
    {
        var converter = TableConverter.ForCrdVersion(CrdVersion("storageprofiles.cdi.kubevirt.io", "v1beta1"));

        var table = converter.ConvertList([Obj("""{"metadata": {"name": "local", "creationTimestamp": "2024-05-01T10:00:00Z"}}""")], new TableOptions());

        Assert.Equal("Name,Age", string.Join(',', table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>())));
        Assert.Equal("""["local","2024-05-01T10:00:00Z"]""", table["rows"]![0]!["cells"]!.ToJsonString());
    }

    [Fact]
    public void ConvertObject_IncludeObject_ControlsRowObject()
    {
        var obj = Obj(Snapshot);

        var metadata = TableConverter.Default.ConvertObject(obj, new TableOptions())["rows"]![0]!["object"]!;
        var whole = TableConverter.Default.ConvertObject(obj, new TableOptions { IncludeObject = TableIncludeObject.Object })["rows"]![0]!["object"]!;
        var none = TableConverter.Default.ConvertObject(obj, new TableOptions { IncludeObject = TableIncludeObject.None, NoHeaders = true });

        Assert.Equal("PartialObjectMetadata", metadata["kind"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1", metadata["apiVersion"]!.GetValue<string>());
        Assert.Equal(obj["metadata"]!.ToJsonString(), metadata["metadata"]!.ToJsonString());
        Assert.Equal(obj.ToJsonString(), whole.ToJsonString());
        Assert.False(none["rows"]![0]!.AsObject().ContainsKey("object"));
        Assert.False(none.ContainsKey("columnDefinitions"));
    }

    [Fact]
    public void FromQuery_IncludeObject_IsParsedAndBadValueRejected()
    {
        Assert.Equal(TableIncludeObject.Object, TableOptions.FromQuery(new Dictionary<string, string> { ["includeObject"] = "Object" }).IncludeObject);
        Assert.Equal(TableIncludeObject.Metadata, TableOptions.FromQuery(new Dictionary<string, string>()).IncludeObject);
        Assert.Throws<ArgumentException>(() => TableOptions.FromQuery(new Dictionary<string, string> { ["includeObject"] = "All" }));
    }

    [Theory]
    [InlineData("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json", true, "meta.k8s.io/v1")]
    [InlineData("application/json;as=Table;v=v1beta1;g=meta.k8s.io", true, "meta.k8s.io/v1beta1")]
    [InlineData("application/json", false, "")]
    [InlineData("application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io", false, "")]
    [InlineData("application/json;as=Table;v=v2;g=meta.k8s.io", false, "")]
    [InlineData(null, false, "")]
    public void TryGetTableVersion_AcceptHeader_RecognisesTableRequests(string? accept, bool expected, string version)
    {
        Assert.Equal(expected, TableMediaType.TryGetTableVersion(accept, out var apiVersion));
        Assert.Equal(version, apiVersion);
    }

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject CrdVersion(string crd, string version)
        => CrdManifests.ReadJson(crd)["spec"]!["versions"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == version)!.AsObject();
}
