using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Backends;

namespace Harness.EnvTest.Tests.Validation;

/// <summary>
/// kube-apiserver 1.32's <c>pods/NAME/ephemeralcontainers</c> (kubectl debug's PATCH) and its <c>ValidatePodEphemeralContainersUpdate</c>,
/// and the <c>resize</c> subresource it does not serve (InPlacePodVerticalScaling is off by default in 1.32), on both backends.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PodEphemeralContainersIntegrationTests(ClusterFixture clusters)
{
    private const string StrategicMerge = "application/strategic-merge-patch+json";

    private static string Pods(ClusterScope cluster) => $"/api/v1/namespaces/{cluster.Namespace}/pods";

    private static string Ephemeral(ClusterScope cluster) => Pods(cluster) + "/p/ephemeralcontainers";

    private static Task CreateAsync(ClusterScope cluster, string metadata = """{"name":"p"}""") =>
        cluster.SendAsync(HttpMethod.Post, Pods(cluster), $$$"""{"metadata":{{{metadata}}},"spec":{"containers":[{"name":"c","image":"busybox"}],"volumes":[{"name":"v"}]}}""");

    private static Task<(int Code, string Body)> AddAsync(ClusterScope cluster, string container) =>
        cluster.SendAsync(HttpMethod.Patch, Ephemeral(cluster), $$$"""{"spec":{"ephemeralContainers":[{{{container}}}]}}""", StrategicMerge);

    private static JsonNode Parse(string body) => JsonNode.Parse(body)!;

    private static string Message(string body) => Parse(body)["message"]!.GetValue<string>();

    /// <summary>Only the ephemeral containers of the request are kept: its label, its image change and its managed fields are dropped.</summary>
    [SkippableTheory, Backends]
    public async Task Patch_NewEphemeralContainer_IsDefaultedAndTheRestOfTheRequestDropped(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await CreateAsync(cluster);
        var (_, before) = await cluster.GetAsync(Pods(cluster) + "/p");

        var (code, body) = await cluster.SendAsync(
            HttpMethod.Patch,
            Ephemeral(cluster),
            """{"metadata":{"labels":{"x":"y"}},"spec":{"containers":[{"name":"c","image":"other"}],"ephemeralContainers":[{"name":"dbg","image":"busybox:1.36","targetContainerName":"c","stdin":true,"tty":true}]}}""",
            StrategicMerge);
        var again = await AddAsync(cluster, """{"name":"dbg","image":"busybox:1.36","targetContainerName":"c","stdin":true,"tty":true}""");
        var (getCode, got) = await cluster.GetAsync(Ephemeral(cluster));

        Assert.True(code == 200, body);
        var pod = Parse(body);
        Assert.Equal(
            """[{"name":"dbg","image":"busybox:1.36","resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent","stdin":true,"tty":true,"targetContainerName":"c"}]""",
            pod["spec"]!["ephemeralContainers"]!.ToJsonString());
        Assert.Null(pod["metadata"]!["labels"]);
        Assert.Equal("busybox", pod["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal(Parse(before)["metadata"]!["managedFields"]!.ToJsonString(), pod["metadata"]!["managedFields"]!.ToJsonString());
        Assert.Equal(body, again.Body);
        Assert.Equal((200, body), (getCode, got));
    }

    [SkippableTheory]
    [BackendsData(
        """{"name":"dbg","image":"busybox","ports":[],"resources":{"limits":{"cpu":"1"}},"restartPolicy":"Always","readinessProbe":{"exec":{"command":["x"]}},"lifecycle":{}}""",
        """Pod "p" is invalid: [spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container, spec.ephemeralContainers[0].resources: Forbidden: cannot be set for an Ephemeral Container, spec.ephemeralContainers[0].restartPolicy: Forbidden: cannot be set for an Ephemeral Container, spec.ephemeralContainers[0].readinessProbe: Forbidden: cannot be set for an Ephemeral Container, spec.ephemeralContainers[0].lifecycle: Forbidden: cannot be set for an Ephemeral Container]""")]
    [BackendsData(
        """{"name":"c","image":" busybox","targetContainerName":"nope","volumeMounts":[{"name":"v","mountPath":"/v","subPath":"s"},{"name":"w","mountPath":"/w","subPathExpr":"$(X)"}]}""",
        """Pod "p" is invalid: [spec.ephemeralContainers[0].volumeMounts[1].name: Not found: "w", spec.ephemeralContainers[0].image: Invalid value: " busybox": must not have leading or trailing whitespace, spec.ephemeralContainers[0].name: Duplicate value: "c", spec.ephemeralContainers[0].targetContainerName: Not found: "nope", spec.ephemeralContainers[0].volumeMounts[0].subPath: Forbidden: cannot be set for an Ephemeral Container, spec.ephemeralContainers[0].volumeMounts[1].subPathExpr: Forbidden: cannot be set for an Ephemeral Container]""")]
    [BackendsData("""{"name":"Bad_Name"}""", """Pod "p" is invalid: [spec.ephemeralContainers[0].name: Invalid value: "Bad_Name": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?'), spec.ephemeralContainers[0].image: Required value]""")]
    public async Task Patch_InvalidEphemeralContainer_Answers422AsKube(Backend backend, string container, string message)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await CreateAsync(cluster);

        var (code, body) = await AddAsync(cluster, container);

        Assert.Equal((422, message), (code, Message(body)));
    }

    /// <summary>kube appends a go-cmp diff to the change's refusal; the harness names the changed fields (see ChangedFields).</summary>
    [SkippableTheory, Backends]
    public async Task Write_ExistingEphemeralContainerRemovedOrChanged_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await CreateAsync(cluster);
        var (_, added) = await AddAsync(cluster, """{"name":"dbg","image":"busybox"}""");
        var pod = Parse(added).AsObject();
        pod["spec"]!.AsObject().Remove("ephemeralContainers");

        var removed = await cluster.SendAsync(HttpMethod.Put, Ephemeral(cluster), pod.ToJsonString());
        var changed = await AddAsync(cluster, """{"name":"dbg","image":"other"}""");
        var stale = await cluster.SendAsync(HttpMethod.Put, Ephemeral(cluster), added.Replace("\"resourceVersion\":\"", "\"resourceVersion\":\"1", StringComparison.Ordinal));

        Assert.Equal((422, "Pod \"p\" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers \"dbg\" may not be removed\n"), (removed.Code, Message(removed.Body)));
        Assert.Equal(422, changed.Code);
        var cause = Parse(changed.Body)["details"]!["causes"]![0]!;
        Assert.Equal("spec.ephemeralContainers", cause["field"]!.GetValue<string>());
        Assert.StartsWith("Forbidden: existing ephemeral containers \"dbg\" may not be changed\n", cause["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((409, "Conflict"), (stale.Code, Parse(stale.Body)["reason"]!.GetValue<string>()));
    }

    [SkippableTheory, Backends]
    public async Task Requests_OtherMethodsResizeCreateAndStaticPods_AnswerAsKube(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await CreateAsync(cluster);
        await cluster.SendAsync(HttpMethod.Post, Pods(cluster), """{"metadata":{"name":"static","annotations":{"kubernetes.io/config.mirror":"m"}},"spec":{"nodeName":"n","containers":[{"name":"c","image":"busybox"}]}}""");

        var post = await cluster.SendAsync(HttpMethod.Post, Ephemeral(cluster), """{"metadata":{"name":"p"}}""");
        var delete = await cluster.SendAsync(HttpMethod.Delete, Ephemeral(cluster));
        var resize = await cluster.SendAsync(HttpMethod.Patch, Pods(cluster) + "/p/resize", """{"spec":{}}""", StrategicMerge);
        var missing = await cluster.GetAsync(Pods(cluster) + "/nope/ephemeralcontainers");
        var onCreate = await cluster.SendAsync(HttpMethod.Post, Pods(cluster), """{"metadata":{"name":"q"},"spec":{"containers":[{"name":"c","image":"busybox"}],"ephemeralContainers":[{"name":"dbg","image":"busybox"}]}}""");
        var onStatic = await cluster.SendAsync(HttpMethod.Patch, Pods(cluster) + "/static/ephemeralcontainers", """{"spec":{"ephemeralContainers":[{"name":"dbg","image":"busybox"}]}}""", StrategicMerge);

        const string NotAllowed = "the server does not allow this method on the requested resource";
        Assert.Equal((405, NotAllowed, 405, NotAllowed), (post.Code, Message(post.Body), delete.Code, Message(delete.Body)));
        Assert.Equal((404, "the server could not find the requested resource"), (resize.Code, Message(resize.Body)));
        Assert.Equal((404, "pods \"nope\" not found"), (missing.Code, Message(missing.Body)));
        Assert.Equal((422, "Pod \"q\" is invalid: spec.ephemeralContainers: Forbidden: cannot be set on create"), (onCreate.Code, Message(onCreate.Body)));
        Assert.Equal((422, "Pod \"static\" is invalid: []: Forbidden: static pods do not support ephemeral containers"), (onStatic.Code, Message(onStatic.Body)));
    }

    [SkippableTheory, Backends]
    public async Task OpenApiV3_EphemeralContainersPath_ReadsReplacesAndPatchesThePod(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, body) = await cluster.GetAsync("/openapi/v3/api/v1");

        Assert.Equal(200, code);
        var paths = Parse(body)["paths"]!.AsObject();
        var path = paths["/api/v1/namespaces/{namespace}/pods/{name}/ephemeralcontainers"]!.AsObject();
        Assert.Equal(
            "get readCoreV1NamespacedPodEphemeralcontainers read ephemeralcontainers of the specified Pod; "
            + "put replaceCoreV1NamespacedPodEphemeralcontainers replace ephemeralcontainers of the specified Pod; "
            + "patch patchCoreV1NamespacedPodEphemeralcontainers partially update ephemeralcontainers of the specified Pod",
            string.Join("; ", ((string[])["get", "put", "patch"]).Select(m => $"{m} {path[m]!["operationId"]} {path[m]!["description"]}")));
        Assert.Equal(["get", "parameters", "patch", "put"], path.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.False(paths.ContainsKey("/api/v1/namespaces/{namespace}/pods/{name}/resize"));
    }
}
