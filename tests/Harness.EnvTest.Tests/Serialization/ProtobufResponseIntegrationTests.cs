using System.Text.Json.Nodes;
using Google.Protobuf;
using Harness.EnvTest.Serialization.Protobuf;
using Harness.EnvTest.Protos.Core;
using Harness.EnvTest.Protos.Runtime;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Schema;

namespace Harness.EnvTest.Tests.Serialization;

/// <summary>Answers asked for in protobuf (<c>Accept: application/vnd.kubernetes.protobuf</c>), as kube's gogo encoders write them.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ProtobufResponseIntegrationTests(ClusterFixture clusters)
{
    private const string Protobuf = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    private static string ConfigMaps(ClusterScope cluster) => $"/api/v1/namespaces/{cluster.Namespace}/configmaps";

    private static Unknown Envelope(byte[] body)
    {
        Assert.Equal(Magic, body[..4]);
        Assert.Equal([0x1a, 0x00, 0x22, 0x00], body[^4..]); // contentEncoding and contentType, written empty
        return Unknown.Parser.ParseFrom(body[4..]);
    }

    private static byte[] Field(int number, params byte[][] parts) => [(byte)((number << 3) | 2), (byte)parts.Sum(p => p.Length), .. parts.SelectMany(p => p)];

    private static byte[] Text(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    [SkippableTheory, Backends]
    public async Task Get_ProtobufAccept_WritesTheObjectAsGogoDoes(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.SendAsync(HttpMethod.Post, ConfigMaps(cluster), """{"metadata":{"name":"pb","labels":{"b":"2","a":"1"}},"data":{"y":"2","x":"1"},"binaryData":{"raw":"AP8="}}""");

        var (code, contentType, body) = await cluster.SendForBytesAsync(HttpMethod.Get, ConfigMaps(cluster) + "/pb", Protobuf);

        Assert.Equal((200, Protobuf), (code, contentType));
        var envelope = Envelope(body);
        Assert.Equal(("v1", "ConfigMap"), (envelope.TypeMeta.ApiVersion, envelope.TypeMeta.Kind));
        var configMap = ConfigMap.Parser.ParseFrom(envelope.Raw);
        Assert.Equal(("pb", cluster.Namespace), (configMap.Metadata.Name, configMap.Metadata.Namespace));
        Assert.Equal([0x00, 0xff], configMap.BinaryData["raw"].ToByteArray());
        var raw = envelope.Raw.ToByteArray();
        // gogo writes a Go value field at its zero value too (generateName, selfLink), map entries by key.
        Assert.Equal([0x0a, 0x02, (byte)'p', (byte)'b', 0x12, 0x00, .. Field(3, Text(cluster.Namespace)), 0x22, 0x00, 0x2a, 0x24], raw[3..(13 + cluster.Namespace.Length + 2)]);
        var labels = Field(11, Field(1, Text("a")), Field(2, Text("1"))).Concat(Field(11, Field(1, Text("b")), Field(2, Text("2")))).ToArray();
        Assert.True(raw.AsSpan().IndexOf(labels) > 0);
        Assert.EndsWith(
            Convert.ToHexString([.. Field(2, Field(1, Text("x")), Field(2, Text("1"))), .. Field(2, Field(1, Text("y")), Field(2, Text("2"))), .. Field(3, Field(1, Text("raw")), Field(2, [0x00, 0xff]))]),
            Convert.ToHexString(raw),
            StringComparison.Ordinal);
    }

    /// <summary>
    /// The server's own JSON answer, written by <c>ProtobufWriter</c>, is its protobuf answer byte for byte: on the binary
    /// backend this holds the writer to kube's gogo encoding of every built-in kind.
    /// </summary>
    [SkippableTheory, ProtobufKindSamples]
    public async Task Get_ProtobufAcceptForEachBuiltInKind_IsTheJsonAnswerInGogosEncoding(Backend backend, string sample)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var kind = ProtobufKindSample.All[sample];
        var name = kind.Name("get", cluster.Namespace);
        await AssertReencodedAsync(cluster, kind.Collection(cluster.Namespace), name, kind.Json(name, cluster.Namespace), kind.ApiVersion, kind.Kind, kind.Namespaced);
    }

    [SkippableTheory]
    [BackendsData("secrets", "Secret", """{"metadata":{"name":"s","labels":{"z":"1","a":"2"}},"type":"Opaque","data":{"k":"AAE=","e":""},"immutable":true}""")]
    [BackendsData("pods", "Pod", """
        {"metadata":{"name":"p","annotations":{"z":"1"},"finalizers":["x.io/f"]},
         "spec":{"containers":[{"name":"c","image":"busybox","command":["sh"],"env":[{"name":"A","value":"b"}],"ports":[{"containerPort":80}],
         "resources":{"limits":{"cpu":"100m","memory":"1Gi"}},"livenessProbe":{"httpGet":{"path":"/","port":8080}},"readinessProbe":{"tcpSocket":{"port":"http"}},
         "securityContext":{"runAsUser":1000,"privileged":false},"volumeMounts":[{"name":"v","mountPath":"/v"}]}],
         "volumes":[{"name":"v","emptyDir":{"sizeLimit":"1Gi"}}],"nodeSelector":{"a":"b"},"terminationGracePeriodSeconds":10}}
        """)]
    public async Task Get_ProtobufAcceptForCoreKinds_IsTheJsonAnswerInGogosEncoding(Backend backend, string plural, string kind, string json)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var name = JsonNode.Parse(json)!["metadata"]!["name"]!.GetValue<string>();
        await AssertReencodedAsync(cluster, $"/api/v1/namespaces/{cluster.Namespace}/{plural}", name, json, "v1", kind, namespaced: true);
    }

    private static async Task AssertReencodedAsync(ClusterScope cluster, string collection, string name, string json, string apiVersion, string kind, bool namespaced)
    {
        var created = await cluster.SendAsync(HttpMethod.Post, collection, json, accept: Protobuf);
        string answer;
        int code;
        string contentType;
        byte[] body;
        do
        {
            // An APIService's status is written by the aggregator meanwhile: the two reads must see one resourceVersion.
            (_, answer) = await cluster.GetAsync($"{collection}/{name}");
            (code, contentType, body) = await cluster.SendForBytesAsync(HttpMethod.Get, $"{collection}/{name}", Protobuf);
        }
        while (code == 200 && body.AsSpan().IndexOf(Text(JsonNode.Parse(answer)!["metadata"]!["resourceVersion"]!.GetValue<string>())) < 0);

        await cluster.SendAsync(HttpMethod.Patch, $"{collection}/{name}", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        if (!namespaced)
        {
            await cluster.SendAsync(HttpMethod.Delete, $"{collection}/{name}");
        }

        Assert.Equal(201, created.Code);
        Assert.Equal((200, Protobuf), (code, contentType));
        var envelope = Envelope(body);
        Assert.Equal((apiVersion, kind), (envelope.TypeMeta.ApiVersion, envelope.TypeMeta.Kind));
        var descriptor = ProtobufKinds.Find(apiVersion, kind)!;
        Assert.Equal(Convert.ToHexString(envelope.Raw.Span), Convert.ToHexString(ProtobufWriter.Write(JsonNode.Parse(answer), descriptor)));
    }

    [SkippableTheory, Backends]
    public async Task Delete_ProtobufAccept_AnswersTheSuccessStatusInProtobuf(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.SendAsync(HttpMethod.Post, ConfigMaps(cluster), """{"metadata":{"name":"d"}}""");

        var (code, contentType, body) = await cluster.SendForBytesAsync(HttpMethod.Delete, ConfigMaps(cluster) + "/d", Protobuf);

        Assert.Equal((200, Protobuf), (code, contentType));
        var status = Envelope(body);
        Assert.Equal(("v1", "Status"), (status.TypeMeta.ApiVersion, status.TypeMeta.Kind));
        var raw = status.Raw.ToByteArray();
        // metadata (empty ListMeta), status Success, message and reason empty, details (name, group, kind, ...), code 0
        Assert.Equal([0x0a, 0x06, 0x0a, 0x00, 0x12, 0x00, 0x1a, 0x00, .. Field(2, Text("Success")), 0x1a, 0x00, 0x22, 0x00, 0x2a], raw[..22]);
        Assert.Equal([0x30, 0x00], raw[^2..]);
    }

    [SkippableTheory, Backends]
    public async Task List_ProtobufAccept_WritesTheListMetaThenEachItem(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.SendAsync(HttpMethod.Post, ConfigMaps(cluster), """{"metadata":{"name":"one"}}""");

        var (code, contentType, body) = await cluster.SendForBytesAsync(HttpMethod.Get, ConfigMaps(cluster), Protobuf);

        Assert.Equal((200, Protobuf), (code, contentType));
        var envelope = Envelope(body);
        Assert.Equal(("v1", "ConfigMapList"), (envelope.TypeMeta.ApiVersion, envelope.TypeMeta.Kind));
        var input = new CodedInputStream(envelope.Raw.ToByteArray());
        Assert.Equal(0x0au, input.ReadTag());
        var listMeta = input.ReadBytes().ToByteArray();
        Assert.Equal([0x0a, 0x00, 0x12], listMeta[..3]); // selfLink empty, then the resourceVersion
        Assert.Equal(0x12u, input.ReadTag());
        Assert.Equal("one", ConfigMap.Parser.ParseFrom(input.ReadBytes()).Metadata.Name);
        Assert.True(input.IsAtEnd);
    }

    [SkippableTheory, Backends]
    public async Task Get_Missing_ProtobufAccept_AnswersTheStatusInProtobuf(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, contentType, body) = await cluster.SendForBytesAsync(HttpMethod.Get, ConfigMaps(cluster) + "/nope", Protobuf);

        Assert.Equal((404, Protobuf), (code, contentType));
        Assert.Equal(
            "6B3873000A0C0A027631120653746174757312550A060A0012001A0012074661696C7572651A1B636F6E6669676D61707320226E6F706522206E6F7420666F756E6422084E6F74466F756E642A180A046E6F706512001A0A636F6E6669676D617073280032003094031A002200",
            Convert.ToHexString(body));
    }

    [SkippableTheory, Backends]
    public async Task Watch_ProtobufAccept_SendsLengthPrefixedWatchEvents(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.SendAsync(HttpMethod.Post, ConfigMaps(cluster), """{"metadata":{"name":"w"}}""");

        var (code, contentType, frame) = await cluster.WatchFrameAsync(ConfigMaps(cluster) + "?watch=true", Protobuf);

        Assert.Equal((200, Protobuf + ";stream=watch"), (code, contentType));
        var input = new CodedInputStream(frame[4..]);
        Assert.Equal(0x0au, input.ReadTag());
        Assert.Equal("ADDED", input.ReadString());
        Assert.Equal(0x12u, input.ReadTag());
        var rawExtension = new CodedInputStream(input.ReadBytes().ToByteArray());
        Assert.Equal(0x0au, rawExtension.ReadTag());
        var envelope = Envelope(rawExtension.ReadBytes().ToByteArray());
        Assert.Equal("w", ConfigMap.Parser.ParseFrom(envelope.Raw).Metadata.Name);
        Assert.True(input.IsAtEnd);
    }

    [SkippableTheory, Backends]
    public async Task WatchList_ProtobufAccept_EndsTheInitialEventsWithTheEmptyListInProtobuf(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, _, frame) = await cluster.WatchFrameAsync(
            ConfigMaps(cluster) + "?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&labelSelector=none%3Dnone", Protobuf);

        Assert.Equal(200, code);
        var input = new CodedInputStream(frame[4..]);
        input.ReadTag();
        Assert.Equal("BOOKMARK", input.ReadString());
        input.ReadTag();
        var rawExtension = new CodedInputStream(input.ReadBytes().ToByteArray());
        rawExtension.ReadTag();
        var bookmark = ConfigMap.Parser.ParseFrom(Envelope(rawExtension.ReadBytes().ToByteArray()).Raw);
        var blueprint = Convert.FromBase64String(bookmark.Metadata.Annotations["kubernetes.io/initial-events-list-blueprint"]);
        Assert.Equal("6B3873000A130A027631120D436F6E6669674D61704C69737412080A060A0012001A001A002200", Convert.ToHexString(blueprint));
    }

    [SkippableTheory, Backends]
    public async Task Get_ProtobufTableThenJson_PassesTheTableOverAndAnswersTheObjectInJson(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.SendAsync(HttpMethod.Post, ConfigMaps(cluster), """{"metadata":{"name":"t"}}""");

        var (code, contentType, body) = await cluster.GetWithContentTypeAsync(ConfigMaps(cluster) + "/t", Protobuf + ";as=Table;v=v1;g=meta.k8s.io, application/json");
        var (onlyCode, onlyContentType, _) = await cluster.GetWithContentTypeAsync(ConfigMaps(cluster) + "/t", Protobuf + ";as=Table;v=v1;g=meta.k8s.io");

        Assert.Equal((200, "application/json"), (code, contentType));
        Assert.Equal("ConfigMap", JsonNode.Parse(body)!["kind"]!.GetValue<string>());
        Assert.Equal((406, "application/json"), (onlyCode, onlyContentType));
    }

    [SkippableTheory, Backends]
    public async Task Get_CustomResource_ProtobufOnlyAnswers406InProtobufAndWithJsonAnswersJson(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = await RuleCrd.InstallAsync(cluster, """{"type":"object"}""");

        var only = await cluster.SendForBytesAsync(HttpMethod.Get, crd.Collection, Protobuf);
        var withJson = await cluster.SendForBytesAsync(HttpMethod.Get, crd.Collection, Protobuf + ", application/json");
        await crd.DeleteAsync();

        Assert.Equal((406, Protobuf), (only.Code, only.ContentType));
        var status = Envelope(only.Body);
        Assert.Equal("Status", status.TypeMeta.Kind);
        Assert.True(status.Raw.Span.IndexOf("only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf"u8) > 0);
        Assert.Equal((200, "application/json"), (withJson.Code, withJson.ContentType));
    }
}
