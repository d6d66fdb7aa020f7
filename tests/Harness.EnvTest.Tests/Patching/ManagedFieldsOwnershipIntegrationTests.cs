using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Resources;
using k8s;

namespace Harness.EnvTest.Tests.Patching;

/// <summary>
/// Who owns what in <c>metadata.managedFields</c>, as kube-apiserver's handlers record it: the field manager sees the decoded,
/// defaulted object before the strategy and admission, so the writer owns defaults but not what the strategy or admission set;
/// a write through one Event API drops the managers recorded through the other.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ManagedFieldsOwnershipIntegrationTests(ClusterFixture clusters)
{
    private const string Pod = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"LABELS},"spec":{"containers":[{"name":"app","image":"busybox"}]}}""";

    private const string PodDefaults =
        """{"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{".":{},"f:image":{},"f:imagePullPolicy":{},"f:name":{},"f:resources":{},"f:terminationMessagePath":{},"f:terminationMessagePolicy":{}}},"f:dnsPolicy":{},"f:enableServiceLinks":{},"f:restartPolicy":{},"f:schedulerName":{},"f:securityContext":{},"f:terminationGracePeriodSeconds":{}}}""";

    private static readonly JsonSerializerOptions AsWritten = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static async Task<JsonObject> SendAsync(ClusterScope cluster, HttpMethod method, string path, string body, string contentType = "application/json")
    {
        var (code, answer) = await cluster.SendAsync(method, path, body, contentType);
        Assert.True(code is 200 or 201, $"{method} {path}: {code} {answer}");
        return JsonNode.Parse(answer)!.AsObject();
    }

    /// <summary>Each manager (with its operation and apiVersion) and the fields it owns, in the order kube lists them.</summary>
    private static string[] Owners(JsonObject obj) =>
        [.. obj["metadata"]!["managedFields"]!.AsArray().Select(e => $"{e!["manager"]} {e["operation"]} {e["apiVersion"]} {e["fieldsV1"]!.ToJsonString(AsWritten)}")];

    [SkippableTheory, Backends]
    public async Task PodWrites_CreatorOwnsTheDefaultsButNotWhatAdmissionSets(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var pods = $"/api/v1/namespaces/{cluster.Namespace}/pods";

        var created = await SendAsync(cluster, HttpMethod.Post, pods + "?fieldManager=creator", Pod.Replace("LABELS", string.Empty, StringComparison.Ordinal));
        var sent = JsonNode.Parse(Pod.Replace("LABELS", ""","labels":{"q":"r"}""", StringComparison.Ordinal))!;
        sent["metadata"]!["resourceVersion"] = created["metadata"]!["resourceVersion"]!.DeepClone();
        var replaced = await SendAsync(cluster, HttpMethod.Put, pods + "/p?fieldManager=putter", sent.ToJsonString());
        var patched = await SendAsync(cluster, HttpMethod.Patch, pods + "/p?fieldManager=patcher", """{"spec":{"activeDeadlineSeconds":30}}""", "application/merge-patch+json");

        Assert.Equal((2, 0, "PreemptLowerPriority"), (created["spec"]!["tolerations"]!.AsArray().Count, (int)created["spec"]!["priority"]!, (string?)created["spec"]!["preemptionPolicy"]));
        Assert.Equal([$"creator Update v1 {PodDefaults}"], Owners(created));
        Assert.Equal(0, (int)replaced["spec"]!["priority"]!);
        Assert.Equal([$"creator Update v1 {PodDefaults}", """putter Update v1 {"f:metadata":{"f:labels":{".":{},"f:q":{}}}}"""], Owners(replaced));
        Assert.Contains("""patcher Update v1 {"f:spec":{"f:activeDeadlineSeconds":{}}}""", Owners(patched));
    }

    [SkippableTheory, Backends]
    public async Task ClaimWrites_StrategysDataSourceCopiesAreNoManagers(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var claims = $"/api/v1/namespaces/{cluster.Namespace}/persistentvolumeclaims";
        static string Claim(string name, string source) =>
            """{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"NAME"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},SOURCE}}"""
                .Replace("NAME", name, StringComparison.Ordinal).Replace("SOURCE", source, StringComparison.Ordinal);
        const string Source = """{"kind":"PersistentVolumeClaim","name":"src"}""";

        var fromSource = await SendAsync(cluster, HttpMethod.Post, claims + "?fieldManager=creator", Claim("a", $"\"dataSource\":{Source}"));
        var fromRef = await SendAsync(cluster, HttpMethod.Post, claims + "?fieldManager=creator", Claim("b", $"\"dataSourceRef\":{Source},\"volumeAttributesClassName\":\"gold\""));
        var applied = await SendAsync(cluster, HttpMethod.Patch, claims + "/c?fieldManager=applier", Claim("c", $"\"dataSourceRef\":{Source}"), "application/apply-patch+yaml");
        // An old client's update without the dataSourceRef the strategy copied: kube copies it again.
        var sent = fromSource.DeepClone().AsObject();
        sent["spec"]!.AsObject().Remove("dataSourceRef");
        sent["metadata"]!["labels"] = new JsonObject { ["l"] = "v" };
        var replaced = await SendAsync(cluster, HttpMethod.Put, claims + "/a?fieldManager=putter", sent.ToJsonString());

        const string Storage = "\"f:resources\":{\"f:requests\":{\".\":{},\"f:storage\":{}}}";
        Assert.Equal(fromSource["spec"]!["dataSource"]!.ToJsonString(), fromSource["spec"]!["dataSourceRef"]!.ToJsonString());
        Assert.Equal(["creator Update v1 {\"f:spec\":{\"f:accessModes\":{},\"f:dataSource\":{}," + Storage + ",\"f:volumeMode\":{}}}"], Owners(fromSource));
        Assert.Null(fromRef["spec"]!["volumeAttributesClassName"]);
        Assert.Equal(
            ["creator Update v1 {\"f:spec\":{\"f:accessModes\":{},\"f:dataSourceRef\":{\".\":{},\"f:apiGroup\":{},\"f:kind\":{},\"f:name\":{}}," + Storage + ",\"f:volumeAttributesClassName\":{},\"f:volumeMode\":{}}}"],
            Owners(fromRef));
        Assert.Equal(["""applier Apply v1 {"f:spec":{"f:accessModes":{},"f:dataSourceRef":{"f:kind":{},"f:name":{}},"f:resources":{"f:requests":{"f:storage":{}}}}}"""], Owners(applied));
        Assert.Equal(fromSource["spec"]!.ToJsonString(), replaced["spec"]!.ToJsonString());
        Assert.Equal([Owners(fromSource)[0], """putter Update v1 {"f:metadata":{"f:labels":{".":{},"f:l":{}}}}"""], Owners(replaced));
    }

    [SkippableTheory, Backends]
    public async Task CreateNamespace_CreatorOwnsTheNameLabelTheDecoderSets(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var name = cluster.UniqueName("named");

        var created = await SendAsync(cluster, HttpMethod.Post, "/api/v1/namespaces?fieldManager=creator", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}"}}""");
        await cluster.Client.CoreV1.DeleteNamespaceAsync(name);

        Assert.Equal(name, (string?)created["metadata"]!["labels"]!["kubernetes.io/metadata.name"]);
        Assert.Equal(["""creator Update v1 {"f:metadata":{"f:labels":{".":{},"f:kubernetes.io/metadata.name":{}}}}"""], Owners(created));
    }

    [SkippableTheory, Backends]
    public async Task CreateCustomResource_CreatorOwnsSchemaDefaultsButNotPrunedFields(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var created = await SendAsync(cluster, HttpMethod.Post, $"/apis/snapshot.kubevirt.io/v1beta1/namespaces/{cluster.Namespace}/virtualmachinerestores?fieldManager=creator&fieldValidation=Ignore",
            """{"apiVersion":"snapshot.kubevirt.io/v1beta1","kind":"VirtualMachineRestore","metadata":{"name":"r"},"spec":{"target":{"apiGroup":"kubevirt.io","kind":"VirtualMachine","name":"larry"},"virtualMachineSnapshotName":"s","unknown":1}}""");

        Assert.Equal(
            ["""creator Update snapshot.kubevirt.io/v1beta1 {"f:spec":{".":{},"f:target":{},"f:targetReadinessPolicy":{},"f:virtualMachineSnapshotName":{}}}"""],
            Owners(created));
    }

    [SkippableTheory, Backends]
    public async Task EventWrites_ThroughTheOtherApi_DropTheManagersOfTheFirst(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var core = $"/api/v1/namespaces/{cluster.Namespace}/events";
        var eventsV1 = $"/apis/events.k8s.io/v1/namespaces/{cluster.Namespace}/events";
        await SendAsync(cluster, HttpMethod.Post, core + "?fieldManager=core-writer",
            """{"apiVersion":"v1","kind":"Event","metadata":{"name":"a"},"involvedObject":{"kind":"Pod","namespace":"NS","name":"web"},"reason":"Started","type":"Normal"}"""
                .Replace("NS", cluster.Namespace, StringComparison.Ordinal));
        await SendAsync(cluster, HttpMethod.Post, eventsV1 + "?fieldManager=v1-writer", KubernetesJson.Serialize(SampleEvents.EventsV1("b", cluster.Namespace)));

        // The core/v1 managers, read and written back through events.k8s.io/v1.
        var read = JsonNode.Parse((await cluster.GetAsync(eventsV1 + "/a")).Body)!.AsObject();
        read["metadata"]!["labels"] = new JsonObject { ["l"] = "v" };
        var replaced = await SendAsync(cluster, HttpMethod.Put, eventsV1 + "/a?fieldManager=v1-labeller", read.ToJsonString());
        var patched = await SendAsync(cluster, HttpMethod.Patch, core + "/b?fieldManager=core-labeller", """{"metadata":{"labels":{"l":"v"}}}""", "application/merge-patch+json");
        var applied = await SendAsync(cluster, HttpMethod.Patch, eventsV1 + "/b?fieldManager=v1-applier",
            """{"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"b","annotations":{"a":"b"}}}""", "application/apply-patch+yaml");

        Assert.Equal(["""v1-labeller Update events.k8s.io/v1 {"f:metadata":{"f:labels":{".":{},"f:l":{}}}}"""], Owners(replaced));
        Assert.Equal(["""core-labeller Update v1 {"f:metadata":{"f:labels":{".":{},"f:l":{}}}}"""], Owners(patched));
        Assert.Equal(["""v1-applier Apply events.k8s.io/v1 {"f:metadata":{"f:annotations":{"f:a":{}}}}"""], Owners(applied));
    }
}
