using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Schema;

namespace Harness.EnvTest.Tests.Watch;

/// <summary>
/// Watch-list (<c>sendInitialEvents=true</c>, kube-apiserver 1.32's WatchList feature, on by default): an ADDED event for every
/// object in key order, then, with bookmarks allowed, a BOOKMARK annotated <c>k8s.io/initial-events-end</c> carrying the list's
/// blueprint; the options kube refuses answer its 422 with every finding. Bodies compared on both backends.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed partial class WatchListTests(ClusterFixture clusters)
{
    private const string WatchList = "watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1";

    /// <summary><c>{"kind":"ConfigMapList","apiVersion":"v1","metadata":{},"items":null}</c> and a newline, in base64.</summary>
    private const string ConfigMapListBlueprint = "eyJraW5kIjoiQ29uZmlnTWFwTGlzdCIsImFwaVZlcnNpb24iOiJ2MSIsIm1ldGFkYXRhIjp7fSwiaXRlbXMiOm51bGx9Cg==";

    [SkippableTheory, Backends]
    public async Task WatchList_ConfigMaps_AddsEachInKeyOrderThenTheInitialEventsEndBookmark(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var collection = await CreateConfigMapsAsync(cluster, "b", "a");

        var (code, body) = await cluster.GetAsync(collection + "?" + WatchList);

        Assert.Equal(200, code);
        var lines = InitialEvents(body);
        Assert.Equal(["ADDED a", "ADDED b", "BOOKMARK "], lines.Select(Summary));
        var bookmarkVersion = Version(lines[2]);
        Assert.True(bookmarkVersion >= lines[..2].Max(Version), body);
        Assert.Equal(
            $$$"""{"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"{{{bookmarkVersion}}}","creationTimestamp":null,"annotations":{"k8s.io/initial-events-end":"true","kubernetes.io/initial-events-list-blueprint":"{{{ConfigMapListBlueprint}}}""" + "\"}}}}",
            lines[2]);
    }

    [SkippableTheory, Backends]
    public async Task WatchList_WithoutBookmarksOrWithAFieldSelector_AddsWhatItSelects(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var collection = await CreateConfigMapsAsync(cluster, "b", "a");

        var withoutBookmarks = await cluster.GetAsync(collection + "?" + WatchList.Replace("&allowWatchBookmarks=true", string.Empty, StringComparison.Ordinal));
        var selected = await cluster.GetAsync(collection + "?" + WatchList + "&fieldSelector=metadata.name%3Db");
        var withoutInitialEvents = await cluster.GetAsync(collection + "?" + WatchList.Replace("sendInitialEvents=true", "sendInitialEvents=false", StringComparison.Ordinal));

        Assert.Equal(["ADDED a", "ADDED b"], withoutBookmarks.Body.TrimEnd('\n').Split('\n').Select(Summary));
        Assert.Equal(["ADDED b", "BOOKMARK "], InitialEvents(selected.Body).Select(Summary));
        Assert.Equal((200, string.Empty), withoutInitialEvents);
    }

    [SkippableTheory, Backends]
    public async Task WatchList_CustomResource_BookmarkIsAnUnstructuredObjectWithTheListBlueprint(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = await RuleCrd.InstallAsync(cluster, """{"type":"object","x-kubernetes-preserve-unknown-fields":true}""");
        Assert.Equal(201, (await crd.CreateAsync("a", "{}")).Code);

        var (code, body) = await cluster.GetAsync(crd.Collection + "?" + WatchList);

        Assert.Equal(200, code);
        var lines = InitialEvents(body);
        Assert.Equal(["ADDED a", "BOOKMARK "], lines.Select(Summary));
        var blueprint = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
            $$$"""{"apiVersion":"{{{crd.Group}}}/v1","items":[],"kind":"ThingList"}""" + "\n"));
        Assert.Equal(
            $$$"""{"type":"BOOKMARK","object":{"apiVersion":"{{{crd.Group}}}/v1","kind":"Thing","metadata":{"annotations":{"k8s.io/initial-events-end":"true","kubernetes.io/initial-events-list-blueprint":"{{{blueprint}}}"},"resourceVersion":"{{{Version(lines[1])}}}""" + "\"}}}",
            lines[1]);
        await crd.DeleteAsync();
    }

    /// <summary>
    /// Each built-in kind's bookmark is its Go struct's zero value with a resourceVersion: struct fields as <c>{}</c> and fields
    /// without <c>omitempty</c> as their zero (a Pod's <c>spec: {"containers": null}</c>). The watches run at once, as each
    /// lasts its 1 s timeout.
    /// </summary>
    [SkippableTheory, Backends]
    public async Task WatchList_BuiltInKinds_BookmarkIsTheKindsZeroObject(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var ns = cluster.Namespace;
        (string Collection, string Kind, string ApiVersion, string Tail)[] kinds =
        [
            ($"/api/v1/namespaces/{ns}/pods", "Pod", "v1", ""","spec":{"containers":null},"status":{}"""),
            ($"/api/v1/namespaces/{ns}/persistentvolumeclaims", "PersistentVolumeClaim", "v1", ""","spec":{"resources":{}},"status":{}"""),
            ("/api/v1/persistentvolumes", "PersistentVolume", "v1", ""","spec":{},"status":{}"""),
            ("/api/v1/namespaces", "Namespace", "v1", ""","spec":{},"status":{}"""),
            ($"/api/v1/namespaces/{ns}/secrets", "Secret", "v1", ""),
            ($"/api/v1/namespaces/{ns}/events", "Event", "v1", ",\"involvedObject\":{},\"source\":{},\"firstTimestamp\":null,\"lastTimestamp\":null,\"eventTime\":null,\"reportingComponent\":\"\",\"reportingInstance\":\"\""),
            ($"/apis/events.k8s.io/v1/namespaces/{ns}/events", "Event", "events.k8s.io/v1", ""","eventTime":null,"regarding":{},"deprecatedSource":{},"deprecatedFirstTimestamp":null,"deprecatedLastTimestamp":null"""),
            ($"/apis/coordination.k8s.io/v1/namespaces/{ns}/leases", "Lease", "coordination.k8s.io/v1", ""","spec":{}"""),
            ("/apis/storage.k8s.io/v1/storageclasses", "StorageClass", "storage.k8s.io/v1", ",\"provisioner\":\"\""),
            ($"/apis/apps/v1/namespaces/{ns}/controllerrevisions", "ControllerRevision", "apps/v1", ""","data":null,"revision":0"""),
            ("/apis/apiregistration.k8s.io/v1/apiservices", "APIService", "apiregistration.k8s.io/v1", ""","spec":{"groupPriorityMinimum":0,"versionPriority":0},"status":{}"""),
            ("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", "CustomResourceDefinition", "apiextensions.k8s.io/v1",
                ""","spec":{"group":"","names":{"plural":"","kind":""},"scope":"","versions":null},"status":{"conditions":null,"acceptedNames":{"plural":"","kind":""},"storedVersions":null}"""),
        ];

        var responses = await Task.WhenAll(kinds.Select(k => cluster.GetAsync(k.Collection + "?" + WatchList + "&fieldSelector=metadata.name%3Dnone")));

        var failures = kinds.Zip(responses).Select(pair =>
        {
            var ((_, kind, apiVersion, tail), (code, body)) = pair;
            var bookmark = code == 200 ? InitialEvents(body)[^1] : body;
            var blueprint = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
                $$$"""{"kind":"{{{kind}}}List","apiVersion":"{{{apiVersion}}}","metadata":{},"items":null}""" + "\n"));
            var expected = $$$"""{"type":"BOOKMARK","object":{"kind":"{{{kind}}}","apiVersion":"{{{apiVersion}}}","metadata":{"resourceVersion":"{{{(code == 200 ? Version(bookmark) : 0)}}}","creationTimestamp":null,"annotations":{"k8s.io/initial-events-end":"true","kubernetes.io/initial-events-list-blueprint":"{{{blueprint}}}"}}{{{tail}}}}}""";
            return bookmark == expected ? null : $"{apiVersion} {kind}:\n  expected {expected}\n  actual   {bookmark}";
        }).OfType<string>().ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [SkippableTheory]
    [BackendsData("watch=1&sendInitialEvents=true&allowWatchBookmarks=true", "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")]
    [BackendsData("watch=1&sendInitialEvents=false", "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")]
    [BackendsData("watch=1&sendInitialEvents=true&resourceVersionMatch=Exact", "[resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan, resourceVersionMatch: Unsupported value: \"Exact\": supported values: \"NotOlderThan\"]")]
    [BackendsData("watch=1&resourceVersionMatch=NotOlderThan", "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")]
    [BackendsData("sendInitialEvents=true&resourceVersionMatch=NotOlderThan", "[resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided, sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list]")]
    [BackendsData("resourceVersion=0&resourceVersionMatch=Exact&sendInitialEvents=false", "[resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\", sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list]")]
    public async Task ListOptions_KubeRefuses_AnswerEveryFindingIn422(Backend backend, string query, string findings)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, body) = await cluster.GetAsync($"/api/v1/namespaces/{cluster.Namespace}/configmaps?{query}&timeoutSeconds=1");

        Assert.Equal(422, code);
        Assert.Equal($"ListOptions.meta.k8s.io \"\" is invalid: {findings}", (string?)JsonNode.Parse(body)!["message"]);
    }

    private static async Task<string> CreateConfigMapsAsync(ClusterScope cluster, params string[] names)
    {
        var collection = $"/api/v1/namespaces/{cluster.Namespace}/configmaps";
        foreach (var name in names)
        {
            Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, collection, $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"}}""")).Code);
        }

        return collection;
    }

    /// <summary>
    /// The stream's events up to the initial-events-end bookmark. kube-apiserver may add a plain bookmark as the 1 s watch times
    /// out; those must carry no annotations.
    /// </summary>
    private static string[] InitialEvents(string body)
    {
        var lines = body.TrimEnd('\n').Split('\n');
        var end = Array.FindIndex(lines, line => line.Contains("k8s.io/initial-events-end", StringComparison.Ordinal));
        Assert.All(lines[(end + 1)..], line => Assert.Equal("BOOKMARK ", Summary(line) + (line.Contains("annotations", StringComparison.Ordinal) ? "annotated" : string.Empty)));
        return lines[..(end + 1)];
    }

    /// <summary>An event's type and object name: <c>ADDED a</c>, <c>BOOKMARK </c>.</summary>
    private static string Summary(string line)
    {
        var frame = JsonNode.Parse(line)!;
        return $"{(string?)frame["type"]} {(string?)frame["object"]!["metadata"]!["name"]}";
    }

    private static long Version(string line) => long.Parse(ResourceVersion().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("\"resourceVersion\":\"([0-9]+)\"")]
    private static partial Regex ResourceVersion();
}
