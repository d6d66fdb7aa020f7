using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Backends;

namespace Harness.EnvTest.Tests.Validation;

/// <summary>
/// kube-apiserver 1.32's <c>pods/NAME/binding</c>, <c>pods/NAME/eviction</c> (no PodDisruptionBudget) and the connect
/// subresources on a cluster without kubelets, on both backends.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PodActionSubresourceIntegrationTests(ClusterFixture clusters)
{
    private const string Created = """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201}""" + "\n";

    private static string Pods(ClusterScope cluster) => $"/api/v1/namespaces/{cluster.Namespace}/pods";

    private static Task CreateAsync(ClusterScope cluster) =>
        cluster.SendAsync(HttpMethod.Post, Pods(cluster), """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");

    /// <summary>A failure Status as kube writes it: <paramref name="message"/> unescaped (Go's JSON escaping applied, the encoder's closing newline), <paramref name="details"/> a JSON object.</summary>
    private static string Failure(int code, string reason, string message, string? details = null)
    {
        var escaped = message.Replace("\"", "\\\"", StringComparison.Ordinal).Replace("<", "\\u003c", StringComparison.Ordinal).Replace(">", "\\u003e", StringComparison.Ordinal);
        var reasonField = reason.Length == 0 ? string.Empty : $",\"reason\":\"{reason}\"";
        var detailsField = details is null ? string.Empty : $",\"details\":{details}";
        return $"{{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{{}},\"status\":\"Failure\",\"message\":\"{escaped}\"{reasonField}{detailsField},\"code\":{code}}}\n";
    }

    [SkippableTheory, Backends]
    public async Task Post_Binding_AssignsTheNodeOnceAndMarksThePodScheduled(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await CreateAsync(cluster);
        var binding = Pods(cluster) + "/p/binding";
        var (_, before) = await cluster.GetAsync(Pods(cluster) + "/p");

        var mismatch = await cluster.SendAsync(HttpMethod.Post, binding, """{"metadata":{"name":"x"},"target":{"name":"n1"}}""");
        var invalid = await cluster.SendAsync(HttpMethod.Post, binding, """{"metadata":{"name":"p"},"target":{"kind":"Pod"}}""");
        var uid = await cluster.SendAsync(HttpMethod.Post, binding, """{"metadata":{"name":"p","uid":"abc"},"target":{"name":"n1"}}""");
        var get = await cluster.GetAsync(binding);
        var bound = await cluster.SendAsync(HttpMethod.Post, binding, """{"apiVersion":"v1","kind":"Binding","metadata":{"name":"p","annotations":{"a":"b"}},"target":{"name":"n1"}}""");
        var (_, after) = await cluster.GetAsync(Pods(cluster) + "/p");
        var again = await cluster.SendAsync(HttpMethod.Post, binding, """{"metadata":{"name":"p"},"target":{"name":"n2"}}""");
        var missing = await cluster.SendAsync(HttpMethod.Post, Pods(cluster) + "/zz/binding", """{"metadata":{"name":"zz"},"target":{"name":"n2"}}""");

        Assert.Equal((400, Failure(400, "BadRequest", "name in URL does not match name in Binding object")), mismatch);
        Assert.Equal((500, Failure(500, "", "[target.kind: Unsupported value: \"Pod\": supported values: \"Node\", \"<empty>\", target.name: Required value]")), invalid);
        var podUid = JsonNode.Parse(before)!["metadata"]!["uid"]!.GetValue<string>();
        Assert.Equal(
            (409, Failure(409, "Conflict", $"Operation cannot be fulfilled on pods \"p\": StorageError: invalid object, Code: 4, Key: /registry/pods/{cluster.Namespace}/p, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: abc, UID in object meta: {podUid}", """{"name":"p","kind":"pods"}""")),
            uid);
        Assert.Equal((405, Failure(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", "{}")), get);
        Assert.Equal((201, Created), bound);
        var pod = JsonNode.Parse(after)!;
        var old = JsonNode.Parse(before)!;
        Assert.Equal("n1", pod["spec"]!["nodeName"]!.GetValue<string>());
        Assert.Equal("""{"a":"b"}""", pod["metadata"]!["annotations"]!.ToJsonString());
        Assert.Equal(old["metadata"]!["managedFields"]!.ToJsonString(), pod["metadata"]!["managedFields"]!.ToJsonString());
        var condition = pod["status"]!["conditions"]![0]!.AsObject();
        Assert.Equal("""["type","status","lastProbeTime","lastTransitionTime"]""", new JsonArray([.. condition.Select(p => (JsonNode)p.Key)]).ToJsonString());
        Assert.Equal(("PodScheduled", "True", null), (condition["type"]!.GetValue<string>(), condition["status"]!.GetValue<string>(), condition["lastProbeTime"]));
        Assert.Equal((409, Failure(409, "Conflict", "Operation cannot be fulfilled on pods/binding \"p\": pod p is already assigned to node \"n1\"", """{"name":"p","kind":"pods/binding"}""")), again);
        Assert.Equal((404, Failure(404, "NotFound", "pods \"zz\" not found", """{"name":"zz","kind":"pods"}""")), missing);
    }

    [SkippableTheory, Backends]
    public async Task Post_Eviction_DeletesThePodAndAnswersASuccessStatus(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await CreateAsync(cluster);
        var evictionPath = Pods(cluster) + "/p/eviction";
        const string eviction = """{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"p"}}""";

        var mismatch = await cluster.SendAsync(HttpMethod.Post, evictionPath, """{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"x"}}""");
        var get = await cluster.GetAsync(evictionPath);
        var evicted = await cluster.SendAsync(HttpMethod.Post, evictionPath, eviction);
        var (gone, _) = await cluster.GetAsync(Pods(cluster) + "/p");
        var again = await cluster.SendAsync(HttpMethod.Post, evictionPath, eviction);

        Assert.Equal((400, Failure(400, "BadRequest", "name in URL does not match name in Eviction object")), mismatch);
        Assert.Equal((405, Failure(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", "{}")), get);
        Assert.Equal((201, Created), evicted);
        Assert.Equal(404, gone);
        Assert.Equal((404, Failure(404, "NotFound", "pods \"p\" not found", """{"name":"p","kind":"pods"}""")), again);
    }

    /// <summary>An unbound pod's log is empty and its streams refused; a bound pod's node is not found; no pod has an address to proxy to.</summary>
    [SkippableTheory, Backends]
    public async Task Connect_WithoutKubelets_AnswersAsKube(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await CreateAsync(cluster);
        await cluster.SendAsync(HttpMethod.Post, Pods(cluster), """{"metadata":{"name":"b"},"spec":{"nodeName":"n1","containers":[{"name":"c","image":"busybox"}]}}""");
        var noHost = Failure(400, "BadRequest", "pod p does not have a host assigned");
        var noNode = Failure(404, "NotFound", "pods \"n1\" not found", """{"name":"n1","kind":"pods"}""");
        var noAddress = Failure(400, "BadRequest", "address not allowed");
        var notAllowed = Failure(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", "{}");
        (HttpMethod Method, string Path, int Code, string Body)[] cases =
        [
            (HttpMethod.Get, "p/log", 204, string.Empty), (HttpMethod.Get, "b/log", 404, noNode), (HttpMethod.Post, "p/log", 405, notAllowed),
            (HttpMethod.Get, "zz/log", 404, Failure(404, "NotFound", "pods \"zz\" not found", """{"name":"zz","kind":"pods"}""")),
            (HttpMethod.Post, "p/exec?command=ls&stdout=true", 400, noHost), (HttpMethod.Get, "p/exec?command=ls", 400, noHost), (HttpMethod.Post, "b/exec?command=ls", 404, noNode),
            (HttpMethod.Post, "p/attach?stdout=true", 400, noHost), (HttpMethod.Delete, "p/attach", 405, notAllowed), (HttpMethod.Post, "b/attach", 404, noNode),
            (HttpMethod.Post, "p/portforward?ports=80", 400, noHost), (HttpMethod.Get, "b/portforward?ports=80", 404, noNode),
            (HttpMethod.Get, "p/proxy", 400, noAddress), (HttpMethod.Delete, "b/proxy", 400, noAddress),
        ];

        foreach (var (method, path, code, body) in cases)
        {
            var (answered, answer) = await cluster.SendAsync(method, $"{Pods(cluster)}/{path}");
            Assert.Equal((path, code, body), (path, answered, answer));
        }
    }
}
