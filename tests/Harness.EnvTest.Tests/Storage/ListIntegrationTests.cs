using System.Globalization;
using System.Net;
using Harness.EnvTest.Tests.Core;
using Harness.EnvTest.Tests.Backends;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Storage;

[Collection(ClusterCollection.Name)]
public sealed class ListIntegrationTests(ClusterFixture clusters)
{
    private static async Task CreateAsync(IKubernetes client, params string[] names)
    {
        foreach (var name in names)
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(
                new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["tier"] = name[..1] } } }, "default");
        }
    }

    [Fact]
    public async Task List_LimitAndContinue_PagesAConsistentSnapshot()
    {
        await using var env = new InProcessServer();
        await CreateAsync(env.Client, "a1", "a2", "b1", "b2", "c1");

        var first = await env.Client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2);
        await CreateAsync(env.Client, "a0", "z9");
        await env.Client.CoreV1.DeleteNamespacedConfigMapAsync("c1", "default");
        var second = await env.Client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2, continueParameter: first.Metadata.ContinueProperty);
        var third = await env.Client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2, continueParameter: second.Metadata.ContinueProperty);

        Assert.Equal(["a1", "a2"], first.Items.Select(i => i.Metadata.Name));
        Assert.Equal(3, first.Metadata.RemainingItemCount);
        Assert.Equal(["b1", "b2"], second.Items.Select(i => i.Metadata.Name));
        Assert.Equal(["c1"], third.Items.Select(i => i.Metadata.Name));
        Assert.Null(third.Metadata.ContinueProperty);
        Assert.Equal(first.Metadata.ResourceVersion, third.Metadata.ResourceVersion);
    }

    [Fact]
    [Trait("EmbeddedOnly", "history compaction on demand")]
    public async Task List_ContinueAfterCompaction_Answers410()
    {
        await using var env = new InProcessServer();
        await CreateAsync(env.Client, "a1", "a2", "a3");
        var first = await env.Client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 1);
        await CreateAsync(env.Client, "a4");
        env.Server.CompactHistory();

        var status = await ApiAssert.FailsAsync(HttpStatusCode.Gone, () =>
            env.Client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 1, continueParameter: first.Metadata.ContinueProperty));

        Assert.Equal("Expired", status.Reason);
        Assert.StartsWith("The provided continue parameter is too old to display a consistent list result.", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("EmbeddedOnly", "reads the core revision")]
    public async Task List_ResourceVersionExact_ReturnsThePastState()
    {
        await using var env = new InProcessServer();
        await CreateAsync(env.Client, "a1");
        var past = env.Server.CurrentRevision.ToString(CultureInfo.InvariantCulture);
        await CreateAsync(env.Client, "a2");
        await env.Client.CoreV1.DeleteNamespacedConfigMapAsync("a1", "default");

        var list = await env.Client.CoreV1.ListNamespacedConfigMapAsync("default", resourceVersion: past, resourceVersionMatch: "Exact");

        Assert.Equal(["a1"], list.Items.Select(i => i.Metadata.Name));
        Assert.Equal(past, list.Metadata.ResourceVersion);
    }

    [SkippableTheory, Backends]
    public async Task List_ResourceVersionInTheFuture_Answers504TooLarge(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.GatewayTimeout, () =>
            cluster.Client.CoreV1.ListNamespacedConfigMapAsync(cluster.Namespace, resourceVersion: "999999"));

        Assert.StartsWith("Timeout: Too large resource version: 999999, current: ", status.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tier=a", new[] { "a1", "a2" })]
    [InlineData("tier==b", new[] { "b1" })]
    [InlineData("tier!=a", new[] { "b1", "c1", "nolabel" })]
    [InlineData("tier in (a,c)", new[] { "a1", "a2", "c1" })]
    [InlineData("tier notin (a,c)", new[] { "b1", "nolabel" })]
    [InlineData("tier", new[] { "a1", "a2", "b1", "c1" })]
    [InlineData("!tier", new[] { "nolabel" })]
    [InlineData("tier,tier!=b", new[] { "a1", "a2", "c1" })]
    public async Task List_LabelSelector_Filters(string selector, string[] expected)
    {
        await using var env = new InProcessServer();
        await CreateAsync(env.Client, "a1", "a2", "b1", "c1");
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "nolabel" } }, "default");

        var list = await env.Client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: selector);

        Assert.Equal(expected, list.Items.Select(i => i.Metadata.Name));
    }

    [Theory]
    [InlineData("metadata.name=a1", new[] { "default/a1" })]
    [InlineData("metadata.name==a1", new[] { "default/a1" })]
    [InlineData("metadata.namespace!=default", new[] { "kube-system/k1" })]
    [InlineData("metadata.namespace=default,metadata.name!=a1", new[] { "default/b1" })]
    public async Task List_FieldSelector_Filters(string selector, string[] expected)
    {
        await using var env = new InProcessServer();
        await CreateAsync(env.Client, "a1", "b1");
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "k1" } }, "kube-system");

        var list = await env.Client.CoreV1.ListConfigMapForAllNamespacesAsync(fieldSelector: selector);

        Assert.Equal(expected, list.Items.Select(i => i.Metadata.NamespaceProperty + "/" + i.Metadata.Name));
    }

    [SkippableTheory, Backends]
    public async Task List_LabelSelectorBadKeyOrValue_AnswersEveryProblem(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        const string Name = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        (string Selector, string Message)[] cases =
        [
            ("/", $"unable to parse requirement: <nil>: Invalid value: \"/\": prefix part must be non-empty; name part must be non-empty; {Name}"),
            ("a/b/c", $"unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name {Name[10..]} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"),
            ("a in (x,-b-)", "unable to parse requirement: values[0][a]: Invalid value: \"-b-\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
        ];

        foreach (var (selector, message) in cases)
        {
            var status = await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, () => cluster.Client.CoreV1.ListNamespacedConfigMapAsync(cluster.Namespace, labelSelector: selector));
            Assert.Equal(message, status.Message);
        }
    }

    [Theory]
    [InlineData("tier in (a", "found '', expected: ',' or ')'")]
    [InlineData("tier=a b", "found 'b', expected: ',' or 'end of string'")]
    [InlineData("=a", "found '=', expected: identifier")]
    public async Task List_BadLabelSelector_Answers400(string selector, string message)
    {
        await using var env = new InProcessServer();

        var status = await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, () => env.Client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: selector));

        Assert.Equal(message, status.Message);
        Assert.Equal("BadRequest", status.Reason);
    }

    [SkippableTheory, Backends]
    public async Task List_UnsupportedFieldSelector_Answers400(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, () => cluster.Client.CoreV1.ListNamespacedConfigMapAsync(cluster.Namespace, fieldSelector: "data.k=v"));

        Assert.Equal("\"data.k\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"", status.Message);
    }

    [SkippableTheory]
    [BackendsData("xyz", "invalid character 'Ç' looking for beginning of value")]
    [BackendsData("a$b", "illegal base64 data at input byte 1")]
    [BackendsData("abcde", "illegal base64 data at input byte 4")]
    [BackendsData("""{"v":"meta.k8s.io/v1","rv":0,"start":"a"}""", "incorrect encoded start resourceVersion (version meta.k8s.io/v1)")]
    [BackendsData("""{"v":"meta.k8s.io/v1","rv":5,"start":""}""", "encoded start key empty (version meta.k8s.io/v1)")]
    [BackendsData("""{"v":"meta.k8s.io/v1","rv":5,"start":"/a/../../b"}""", "/a/../../b")]
    [BackendsData("""{"v":"meta.k8s.io/v0","rv":5,"start":"a"}""", "server does not recognize this encoded version meta.k8s.io/v0")]
    [BackendsData("""{"v":"meta.k8s.io/v1","rv":"5","start":"a"}""", "json: cannot unmarshal string into Go struct field continueToken.rv of type int64")]
    public async Task List_BadContinueToken_Answers400WithStoragesError(Backend backend, string token, string error)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var encoded = token.StartsWith('{')
            ? Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_')
            : token;

        var (code, body) = await cluster.GetAsync($"/api/v1/namespaces/{cluster.Namespace}/configmaps?limit=1&continue={Uri.EscapeDataString(encoded)}");

        Assert.Equal(400, code);
        Assert.Equal("invalid continue token: continue key is not valid: " + error, (string?)System.Text.Json.Nodes.JsonNode.Parse(body)!["message"]);
    }

    [SkippableTheory, Backends]
    public async Task List_Paged_TokenHoldsTheStartKeyRelativeToTheListsKeyPrefix(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        foreach (var name in new[] { "b", "a" })
        {
            await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name } }, cluster.Namespace);
        }

        var inNamespace = System.Text.Json.Nodes.JsonNode.Parse((await cluster.GetAsync($"/api/v1/namespaces/{cluster.Namespace}/configmaps?limit=1")).Body)!;
        var everywhere = System.Text.Json.Nodes.JsonNode.Parse((await cluster.GetAsync("/api/v1/configmaps?limit=1")).Body)!;
        var next = await cluster.GetAsync($"/api/v1/namespaces/{cluster.Namespace}/configmaps?limit=1&continue={(string?)inNamespace["metadata"]!["continue"]}");

        Assert.Equal(
            $$"""{"v":"meta.k8s.io/v1","rv":{{(string?)inNamespace["metadata"]!["resourceVersion"]}},"start":"/a\u0000"}""",
            Token(inNamespace));
        var first = everywhere["items"]![0]!["metadata"]!;
        Assert.Equal(
            $$"""{"v":"meta.k8s.io/v1","rv":{{(string?)everywhere["metadata"]!["resourceVersion"]}},"start":"/{{(string?)first["namespace"]}}/{{(string?)first["name"]}}\u0000"}""",
            Token(everywhere));
        Assert.Equal("b", (string?)System.Text.Json.Nodes.JsonNode.Parse(next.Body)!["items"]![0]!["metadata"]!["name"]);
    }

    /// <summary>A list's <c>continue</c> token decoded: the JSON kube's storage encodes in unpadded URL base64.</summary>
    private static string Token(System.Text.Json.Nodes.JsonNode list)
    {
        var token = ((string?)list["metadata"]!["continue"])!.Replace('-', '+').Replace('_', '/');
        return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token.PadRight(token.Length + ((4 - (token.Length % 4)) % 4), '=')));
    }
}
