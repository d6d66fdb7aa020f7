using System.Text.Json.Nodes;
using Harness.EnvTest.Environment;
using Harness.EnvTest.Loading;
using Harness.EnvTest.Tests.Core;
using k8s;

namespace Harness.EnvTest.Tests.Loading;

/// <summary><see cref="Core.ApiServer.Load"/> of <see cref="ObjectDump"/>s: objects as another cluster held them, all or nothing.</summary>
[Trait("EmbeddedOnly", "loads object dumps through ApiServer.Load, the embedded server's own entry")]
public sealed class ObjectLoadingTests
{
    private const string Claim = """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: disk
          namespace: apps
          uid: 0a5c1c0e-1111-4a4a-8a8a-000000000001
          creationTimestamp: "2025-11-03T10:00:00Z"
          resourceVersion: "991234"
          finalizers: [kubernetes.io/pvc-protection]
          labels: {app: larry}
          annotations: {pv.kubernetes.io/bind-completed: "yes"}
          managedFields:
          - {manager: kube-controller-manager, operation: Update, time: "2025-11-03T10:00:01Z"}
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 1Gi}}
          storageClassName: harness-csi
          volumeName: pvc-0a5c1c0e
        status:
          phase: Bound
          capacity: {storage: 1Gi}
          accessModes: [ReadWriteOnce]
        """;

    private const string Snapshots = """
        apiVersion: v1
        kind: List
        metadata: {resourceVersion: ""}
        items:
        - apiVersion: snapshot.storage.k8s.io/v1
          kind: VolumeSnapshot
          metadata:
            name: vmsnapshot-77-volume-disk
            namespace: apps
            uid: 0a5c1c0e-1111-4a4a-8a8a-000000000003
            creationTimestamp: "2025-11-03T10:05:00Z"
            ownerReferences:
            - {apiVersion: snapshot.kubevirt.io/v1beta1, kind: VirtualMachineSnapshotContent, name: content, uid: 0a5c1c0e-1111-4a4a-8a8a-000000000002, controller: true}
          spec: {source: {persistentVolumeClaimName: disk}}
        - apiVersion: snapshot.kubevirt.io/v1beta1
          kind: VirtualMachineSnapshotContent
          metadata:
            name: content
            namespace: apps
            uid: 0a5c1c0e-1111-4a4a-8a8a-000000000002
            creationTimestamp: "2025-11-03T10:04:59Z"
            deletionTimestamp: "2025-11-03T10:09:00Z"
            finalizers: [snapshot.kubevirt.io/vmsnapshotcontent-protection]
          spec: {source: {}, volumeBackups: []}
          status: {readyToUse: false}
        """;

    private static async Task<InProcessServer> ServerWithCrdsAsync()
    {
        var env = new InProcessServer();
        foreach (var crd in CrdInstallOptions.HarnessCrds())
        {
            await env.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        }

        return env;
    }

    [Fact]
    public async Task Load_KubectlOutput_KeepsMetadataSpecAndStatusAndRewritesResourceVersions()
    {
        using var files = new DumpFiles();
        var path = files.Write("dump.yaml", Claim + "\n---\n" + Snapshots);
        await using var env = await ServerWithCrdsAsync();

        var loaded = env.Server.Load(ObjectDump.Read([path]));

        var claim = await env.Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("disk", "apps");
        Assert.Equal("0a5c1c0e-1111-4a4a-8a8a-000000000001", claim.Metadata.Uid);
        Assert.Equal(new DateTime(2025, 11, 3, 10, 0, 0, DateTimeKind.Utc), claim.Metadata.CreationTimestamp);
        Assert.Equal(["kubernetes.io/pvc-protection"], claim.Metadata.Finalizers);
        Assert.Equal("larry", claim.Metadata.Labels["app"]);
        Assert.Equal("yes", claim.Metadata.Annotations["pv.kubernetes.io/bind-completed"]);
        Assert.Equal("Bound", claim.Status.Phase);
        Assert.Equal("pvc-0a5c1c0e", claim.Spec.VolumeName);
        Assert.NotEqual("991234", claim.Metadata.ResourceVersion);
        Assert.Null(claim.Metadata.ManagedFields);
        Assert.Equal(["apps"], loaded.CreatedNamespaces);
        Assert.Equal("Active", (await env.Client.CoreV1.ReadNamespaceAsync("apps")).Status.Phase);

        var content = JsonNode.Parse(KubernetesJson.Serialize(await env.Client.CustomObjects.GetNamespacedCustomObjectAsync(
            "snapshot.kubevirt.io", "v1beta1", "apps", "virtualmachinesnapshotcontents", "content")))!;
        Assert.Equal("2025-11-03T10:09:00Z", content["metadata"]!["deletionTimestamp"]!.GetValue<string>());
        Assert.False(content["status"]!["readyToUse"]!.GetValue<bool>());
        Assert.Equal(
            ["PersistentVolumeClaim apps/disk", "VirtualMachineSnapshotContent apps/content", "VolumeSnapshot apps/vmsnapshot-77-volume-disk"],
            loaded.Objects);
    }

    [Fact]
    public async Task Load_MustGatherFolder_LoadsTheSameObjectsAsOneFile()
    {
        using var files = new DumpFiles();
        var single = files.Write("single/dump.yaml", Claim + "\n---\n" + Snapshots);
        files.Write("must-gather/namespaces/apps/core/persistentvolumeclaims.yaml", Claim);
        files.Write("must-gather/namespaces/apps/snapshot.storage.k8s.io/volumesnapshots.yaml", Snapshots);
        files.Write("must-gather/namespaces/apps/pods/virt-launcher/logs/current.log", "not an object");

        var fromFolder = ObjectDump.Read([Path.Combine(files.Root, "must-gather")]);
        var fromFile = ObjectDump.Read([single]);

        Assert.Equal(
            fromFile.Select(o => o.Object.ToJsonString()).Order(StringComparer.Ordinal),
            fromFolder.Select(o => o.Object.ToJsonString()).Order(StringComparer.Ordinal));
        await using var env = await ServerWithCrdsAsync();
        Assert.Equal(3, env.Server.Load(fromFolder).Objects.Count);
    }

    [Fact]
    public async Task Load_JsonListAndSecretWithoutData_Loads()
    {
        using var files = new DumpFiles();
        var path = files.Write("dump.json", """
            {"apiVersion": "v1", "kind": "List", "items": [
              {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "creds", "namespace": "default", "uid": "0a5c1c0e-1111-4a4a-8a8a-00000000000a"}, "type": "Opaque"}
            ]}
            """);
        await using var env = new InProcessServer();

        env.Server.Load(ObjectDump.Read([path]));

        var secret = await env.Client.CoreV1.ReadNamespacedSecretAsync("creds", "default");
        Assert.Equal("0a5c1c0e-1111-4a4a-8a8a-00000000000a", secret.Metadata.Uid);
        Assert.Null(secret.Data);
    }

    [Fact]
    public async Task Load_InvalidObjectAmongValidOnes_NamesFileAndPositionAndLoadsNothing()
    {
        using var files = new DumpFiles();
        var path = files.Write("dump.yaml", Claim + "\n---\n" + Snapshots.Replace("spec: {source: {persistentVolumeClaimName: disk}}", "spec: {}", StringComparison.Ordinal));
        await using var env = await ServerWithCrdsAsync();

        var error = Assert.Throws<ObjectLoadException>(() => env.Server.Load(ObjectDump.Read([path])));

        var only = Assert.Single(error.Errors);
        Assert.Equal($"{path}:28:3", only.Where);
        Assert.Contains("spec.source: Required value", only.Message, StringComparison.Ordinal);
        Assert.Empty((await env.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync("apps")).Items);
        Assert.DoesNotContain((await env.Client.CoreV1.ListNamespaceAsync()).Items, n => n.Metadata.Name == "apps");
    }

    [Fact]
    public async Task Load_KindWithoutItsCrd_IsReportedAndNothingLoads()
    {
        using var files = new DumpFiles();
        var path = files.Write("dump.yaml", Claim + "\n---\n" + Snapshots);
        await using var env = new InProcessServer();

        var error = Assert.Throws<ObjectLoadException>(() => env.Server.Load(ObjectDump.Read([path])));

        Assert.Equal(
            [
                $"{path}:28:3: VolumeSnapshot (snapshot.storage.k8s.io/v1) is not served: no CustomResourceDefinition of the harness defines snapshot.storage.k8s.io/v1",
                $"{path}:38:3: VirtualMachineSnapshotContent (snapshot.kubevirt.io/v1beta1) is not served: no CustomResourceDefinition of the harness defines snapshot.kubevirt.io/v1beta1",
            ],
            error.Errors.Select(e => e.ToString()));
        Assert.Empty((await env.Client.CoreV1.ListPersistentVolumeClaimForAllNamespacesAsync()).Items);
    }

    [Fact]
    public void Read_UnparsableFileOrMissingPath_NamesFileAndPosition()
    {
        using var files = new DumpFiles();
        var good = files.Write("good.yaml", Claim);
        var bad = files.Write("bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a\ndata: [\n");
        var missing = Path.Combine(files.Root, "nowhere.yaml");

        var error = Assert.Throws<ObjectLoadException>(() => ObjectDump.Read([good, bad, missing]));

        Assert.Equal(2, error.Errors.Count);
        Assert.StartsWith(bad, error.Errors[0].Where, StringComparison.Ordinal);
        Assert.StartsWith("not YAML or JSON: ", error.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal($"{missing}: no such file or folder", error.Errors[1].ToString());
    }

    [Fact]
    public async Task Load_SameObjectTwice_NamesBothPositions()
    {
        using var files = new DumpFiles();
        var first = files.Write("a.yaml", Claim);
        var second = files.Write("b.yaml", Claim);
        await using var env = new InProcessServer();

        var error = Assert.Throws<ObjectLoadException>(() => env.Server.Load(ObjectDump.Read([first, second])));

        Assert.Equal($"{second}:1:1: PersistentVolumeClaim apps/disk is also at {first}:1:1", Assert.Single(error.Errors).ToString());
    }
}
