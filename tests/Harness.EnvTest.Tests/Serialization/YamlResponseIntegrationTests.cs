using Harness.EnvTest.Tests.Backends;

namespace Harness.EnvTest.Tests.Serialization;

/// <summary>Answers asked for in YAML (<c>Accept: application/yaml</c>), written as kube-apiserver's go-yaml writes them.</summary>
[Collection(ClusterCollection.Name)]
public sealed class YamlResponseIntegrationTests(ClusterFixture clusters)
{
    private const string Yaml = "application/yaml";

    // Strings go-yaml writes plain, single-quoted, double-quoted (they would read back as another type, or hold
    // characters it does not print) and literal; keys in its natural order (a9 before a10, "y" quoted); long lines folded at
    // the columns go-yaml counts (an escaped tab is two).
    private const string ConfigMapJson = """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"y1","labels":{"b":"2","a10":"x","a9":"y","A":"z"},
         "annotations":{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.io/bbbbbbbb":"long key","long":"aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee ffffffffff gggggggggg hhhhhhhhhh iiiiiiiiii"}},
         "data":{"empty":"","yes":"yes","num":"12","float":"1.5","multi":"line1\nline2\n","colon":"a: b","hash":"a #b","lead":" x",
         "null":"null","tilde":"~","ts":"2020-01-01T00:00:00Z","date":"2020-01-01","notdate":"2020-13-01","uni":"h\u00e9llo \u2603","quote":"it's",
         "tab":"a\tb","tabs":"a\tb c\td e\tf g\th i\tj k\tl m\tn o\tp q\tr s\tt u\tv w\tx y\tz 0123456789 0123456789 0123456789 end","crlf":"a\r\nb","emoji":"\ud83d\ude00","oct":"0o17","base60":"1:20","dot":".inf","uid":"656f64f7-cba0","y":"y","nel":"a\u0085b","bom":"a\ufeffb","mlt":"trail\n\n","mllead":"\nlead"}}
        """;

    private const string ExpectedData = """
        data:
          base60: "1:20"
          bom: "a\uFEFFb"
          colon: 'a: b'
          crlf: "a\r\nb"
          date: "2020-01-01"
          dot: ".inf"
          emoji: "\U0001F600"
          empty: ""
          float: "1.5"
          hash: 'a #b'
          lead: ' x'
          mllead: |2-

            lead
          mlt: |+
            trail

          multi: |
            line1
            line2
          nel: a b
          notdate: 2020-13-01
          "null": "null"
          num: "12"
          oct: "0o17"
          quote: it's
          tab: "a\tb"
          tabs: "a\tb c\td e\tf g\th i\tj k\tl m\tn o\tp q\tr s\tt u\tv w\tx y\tz 0123456789
            0123456789 0123456789 end"
          tilde: "~"
          ts: "2020-01-01T00:00:00Z"
          uid: 656f64f7-cba0
          uni: héllo ☃
          "y": "y"
          "yes": "yes"
        kind: ConfigMap
        metadata:
          annotations:
            ? aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.io/bbbbbbbb
            : long key
            long: aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee ffffffffff gggggggggg
              hhhhhhhhhh iiiiiiiiii
          creationTimestamp: 
        """;

    private static string ConfigMaps(ClusterScope cluster) => $"/api/v1/namespaces/{cluster.Namespace}/configmaps";

    [SkippableTheory, Backends]
    public async Task Get_YamlAccept_WritesTheObjectAsGoYamlDoes(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var (created, createdBody) = await cluster.SendAsync(HttpMethod.Post, ConfigMaps(cluster), ConfigMapJson, accept: Yaml);
        Assert.True(created == 201, createdBody);

        var (code, contentType, body) = await cluster.GetWithContentTypeAsync(ConfigMaps(cluster) + "/y1", Yaml);

        Assert.Equal((200, Yaml), (code, contentType));
        Assert.Equal(createdBody, body);
        Assert.StartsWith("apiVersion: v1\n" + ExpectedData.ReplaceLineEndings("\n"), body, StringComparison.Ordinal);
        Assert.Contains("\n  labels:\n    A: z\n    a9: \"y\"\n    a10: x\n    b: \"2\"\n", body, StringComparison.Ordinal);
        Assert.Contains($"\n  name: y1\n  namespace: {cluster.Namespace}\n  resourceVersion: \"", body, StringComparison.Ordinal);
    }

    [SkippableTheory, Backends]
    public async Task Get_ControlCharacterInYaml_Answers500AsKubesYamlReaderRefusesIt(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.SendAsync(HttpMethod.Post, ConfigMaps(cluster), """{"metadata":{"name":"del"},"data":{"a":"x\u007f"}}""");

        var (code, contentType, body) = await cluster.GetWithContentTypeAsync(ConfigMaps(cluster) + "/del", Yaml);

        Assert.Equal((500, Yaml), (code, contentType));
        Assert.Equal("apiVersion: v1\ncode: 500\nkind: Status\nmessage: 'yaml: control characters are not allowed'\nmetadata: {}\nstatus: Failure\n", body);
    }

    [SkippableTheory, Backends]
    public async Task List_YamlAccept_WritesTheListInYaml(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.SendAsync(HttpMethod.Post, ConfigMaps(cluster), """{"metadata":{"name":"one"},"data":{"k":"v"}}""");

        var (code, contentType, body) = await cluster.GetWithContentTypeAsync(ConfigMaps(cluster), Yaml);

        Assert.Equal((200, Yaml), (code, contentType));
        Assert.StartsWith("apiVersion: v1\nitems:\n- data:\n    k: v\n  metadata:\n", body, StringComparison.Ordinal);
        Assert.Matches("\nkind: ConfigMapList\nmetadata:\n  resourceVersion: \"[0-9]+\"\n$", body);
    }

    [SkippableTheory, Backends]
    public async Task Get_Missing_YamlAccept_AnswersTheStatusInYaml(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, contentType, body) = await cluster.GetWithContentTypeAsync(ConfigMaps(cluster) + "/nope", Yaml);

        Assert.Equal((404, Yaml), (code, contentType));
        Assert.Equal(
            "apiVersion: v1\ncode: 404\ndetails:\n  kind: configmaps\n  name: nope\nkind: Status\nmessage: configmaps \"nope\" not found\nmetadata: {}\nreason: NotFound\nstatus: Failure\n",
            body);
    }

    [SkippableTheory, Backends]
    public async Task Get_Missing_YamlTableAccept_AnswersTheStatusInJson(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, contentType, _) = await cluster.GetWithContentTypeAsync(ConfigMaps(cluster) + "/nope", Yaml + ";as=Table;v=v1;g=meta.k8s.io");

        Assert.Equal((404, "application/json"), (code, contentType));
    }

    [SkippableTheory, Backends]
    public async Task Watch_YamlOnly_Answers406InYaml(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, contentType, body) = await cluster.GetWithContentTypeAsync(ConfigMaps(cluster) + "?watch=true", Yaml);

        Assert.Equal((406, Yaml), (code, contentType));
        Assert.Equal(
            "apiVersion: v1\ncode: 406\nkind: Status\nmessage: 'only the following media types are accepted: application/json;stream=watch,\n  application/vnd.kubernetes.protobuf;stream=watch'\nmetadata: {}\nreason: NotAcceptable\nstatus: Failure\n",
            body);
    }

    [SkippableTheory, Backends]
    public async Task Get_JsonAtLowerQuality_AnswersYaml(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.SendAsync(HttpMethod.Post, ConfigMaps(cluster), """{"metadata":{"name":"q"}}""");

        var (code, contentType, _) = await cluster.GetWithContentTypeAsync(ConfigMaps(cluster) + "/q", "application/json;q=0.5, application/yaml");

        Assert.Equal((200, Yaml), (code, contentType));
    }
}
