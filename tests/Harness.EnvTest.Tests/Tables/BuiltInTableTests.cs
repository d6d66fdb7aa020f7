using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Harness.EnvTest.Tests.Backends;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Tables;

/// <summary>The Table columns and cells of built-in kinds (kube-apiserver's printers), as <c>kubectl get</c> asks for them, on both backends.</summary>
[Collection(ClusterCollection.Name)]
public sealed partial class BuiltInTableTests(ClusterFixture clusters)
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    [SkippableTheory, Backends]
    public async Task PersistentVolumeClaims_PrintKubesColumns(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = "data" },
            Spec = new V1PersistentVolumeClaimSpec
            {
                AccessModes = ["ReadWriteOnce"], StorageClassName = "fast",
                Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
            },
        }, cluster.Namespace);

        var (columns, rows) = await TableAsync(cluster, $"api/v1/namespaces/{cluster.Namespace}/persistentvolumeclaims");
        var output = await new Kubectl.Kubectl(cluster.KubeconfigPath).RunAsync($"get pvc -n {cluster.Namespace}");

        Assert.Equal("Name,Status,Volume,Capacity,Access Modes,StorageClass,VolumeAttributesClass,Age,VolumeMode", columns);
        Assert.Equal("data|Pending||||fast|<unset>|AGE|Filesystem", Assert.Single(rows));
        Assert.Matches(@"^NAME +STATUS +VOLUME +CAPACITY +ACCESS MODES +STORAGECLASS +VOLUMEATTRIBUTESCLASS +AGE\ndata +Pending +fast +<unset> +\d+s\n$", output.Output);
    }

    [SkippableTheory, Backends]
    public async Task ConfigMapsSecretsLeasesRevisions_PrintKubesColumns(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var ns = cluster.Namespace;
        var owner = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" }, Data = new Dictionary<string, string> { ["a"] = "1" }, BinaryData = new Dictionary<string, byte[]> { ["b"] = [2] } }, ns);
        await cluster.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "s" }, StringData = new Dictionary<string, string> { ["a"] = "1" } }, ns);
        await cluster.Client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease { Metadata = new V1ObjectMeta { Name = "l" }, Spec = new V1LeaseSpec { HolderIdentity = "me" } }, ns);
        await cluster.Client.AppsV1.CreateNamespacedControllerRevisionAsync(new V1ControllerRevision
        {
            Metadata = new V1ObjectMeta
            {
                Name = "r",
                OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "cm", Uid = owner.Metadata.Uid, Controller = true }],
            },
            Revision = 3,
            Data = new JsonObject { ["spec"] = new JsonObject() },
        }, ns);

        Assert.Equal(("Name,Data,Age", "cm|2|AGE"), Single(await TableAsync(cluster, $"api/v1/namespaces/{ns}/configmaps/cm")));
        Assert.Equal(("Name,Type,Data,Age", "s|Opaque|1|AGE"), Single(await TableAsync(cluster, $"api/v1/namespaces/{ns}/secrets")));
        Assert.Equal(("Name,Holder,Age", "l|me|AGE"), Single(await TableAsync(cluster, $"apis/coordination.k8s.io/v1/namespaces/{ns}/leases")));
        Assert.Equal(("Name,Controller,Revision,Age", "r|configmap/cm|3|AGE"), Single(await TableAsync(cluster, $"apis/apps/v1/namespaces/{ns}/controllerrevisions")));
    }

    [SkippableTheory, Backends]
    public async Task PodsNamespacesStorageClasses_PrintKubesColumns(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var ns = cluster.Namespace;
        var className = cluster.UniqueName("sc");
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod { Metadata = new V1ObjectMeta { Name = "p" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] } }, ns);
        await cluster.Client.StorageV1.CreateStorageClassAsync(new V1StorageClass
        {
            Metadata = new V1ObjectMeta { Name = className, Annotations = new Dictionary<string, string> { ["storageclass.kubernetes.io/is-default-class"] = "true" } },
            Provisioner = "csi.example.com", VolumeBindingMode = "WaitForFirstConsumer", AllowVolumeExpansion = true,
        });
        try
        {
            Assert.Equal(
                ("Name,Ready,Status,Restarts,Age,IP,Node,Nominated Node,Readiness Gates", "p|0/1|Pending|0|AGE|<none>|<none>|<none>|<none>"),
                Single(await TableAsync(cluster, $"api/v1/namespaces/{ns}/pods")));
            Assert.Equal(("Name,Status,Age", $"{ns}|Active|AGE"), Single(await TableAsync(cluster, $"api/v1/namespaces/{ns}")));
            Assert.Equal(
                ("Name,Provisioner,ReclaimPolicy,VolumeBindingMode,AllowVolumeExpansion,Age", $"{className} (default)|csi.example.com|Delete|WaitForFirstConsumer|true|AGE"),
                Single(await TableAsync(cluster, $"apis/storage.k8s.io/v1/storageclasses/{className}")));
        }
        finally
        {
            await cluster.Client.StorageV1.DeleteStorageClassAsync(className);
        }
    }

    [SkippableTheory, Backends]
    public async Task Events_PrintKubesColumns(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "e" },
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "p", NamespaceProperty = cluster.Namespace, FieldPath = "spec.containers{c}" },
            Reason = "Pulled", Message = " pulled \n", Type = "Normal", Count = 2,
            Source = new V1EventSource { Component = "kubelet", Host = "node-1" },
            FirstTimestamp = DateTime.UtcNow, LastTimestamp = DateTime.UtcNow,
        }, cluster.Namespace);

        Assert.Equal(
            ("Last Seen,Type,Reason,Object,Subobject,Source,Message,First Seen,Count,Name", "AGE|Normal|Pulled|pod/p|spec.containers{c}|kubelet, node-1|pulled|AGE|2|e"),
            Single(await TableAsync(cluster, $"api/v1/namespaces/{cluster.Namespace}/events")));
    }

    private static (string Columns, string Row) Single((string Columns, IReadOnlyList<string> Rows) table)
    {
        Assert.True(table.Rows.Count == 1, $"{table.Columns}: {string.Join("; ", table.Rows)}");
        return (table.Columns, table.Rows[0]);
    }

    /// <summary>The Table at <paramref name="path"/>: its column names, and each row's cells joined by '|' with ages replaced by AGE.</summary>
    private static async Task<(string Columns, IReadOnlyList<string> Rows)> TableAsync(ClusterScope cluster, string path)
    {
        var (code, body) = await cluster.GetAsync(path, TableAccept);
        Assert.True(code == 200, body);
        var table = JsonNode.Parse(body)!;
        var columns = string.Join(",", table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        var rows = table["rows"]!.AsArray()
            .Select(r => r!["cells"]!.AsArray().Select(c => c is JsonValue v && v.TryGetValue<string>(out var s) ? (Age().IsMatch(s) ? "AGE" : s) : c?.ToJsonString() ?? "null"))
            .Select(cells => string.Join("|", cells))
            .ToArray();
        return (columns, rows);
    }

    [GeneratedRegex(@"^\d+(s|m|h|d|y)(\d+(s|m|h|d))?$")]
    private static partial Regex Age();
}
