using Harness.Api.GroupSnapshotStorage;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Environment;
using Harness.Simulators.Tests.Backends;
using k8s;
using k8s.Models;

namespace Harness.Simulators.Tests.Csi.Sidecars;

/// <summary>
/// Makes <see cref="SidecarWorld"/>s on either backend: an embedded world is its own embedded API server on the
/// deterministic scheduler; the binary worlds share the collection's real control plane (etcd 3.5 and kube-apiserver 1.32
/// from <c>KUBEBUILDER_ASSETS</c>), each in a namespace of its own, one at a time, sweeping what it made when it ends.
/// </summary>
public sealed class SidecarWorlds : IAsyncLifetime
{
    private const string GroupSnapshots = $"/apis/{GroupSnapshotStorageApi.Group}/{GroupSnapshotStorageApi.Version}";
    private readonly BinaryBackendFixture binary = new();
    private int worlds;

    public Task InitializeAsync() => binary.InitializeAsync();

    public Task DisposeAsync() => binary.DisposeAsync();

    internal async Task<SidecarWorld> CreateAsync(Backend backend, ulong seed, params DriverSpec[] drivers)
    {
        if (backend == Backend.Embedded)
        {
            return new SidecarWorld(seed, drivers);
        }

        binary.SkipIfUnavailable();
        var client = (Kubernetes)binary.Environment.Client;
        var name = $"sc-{Interlocked.Increment(ref worlds)}";
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return new SidecarWorld(seed, drivers, name, client, async () =>
        {
            await ClusterSweep.SweepAsync(
                client,
                $"/apis/snapshot.storage.k8s.io/v1/namespaces/{name}/volumesnapshots",
                $"{GroupSnapshots}/namespaces/{name}/volumegroupsnapshots",
                $"/api/v1/namespaces/{name}/persistentvolumeclaims",
                "/apis/snapshot.storage.k8s.io/v1/volumesnapshotcontents",
                $"{GroupSnapshots}/volumegroupsnapshotcontents",
                "/api/v1/persistentvolumes",
                "/apis/storage.k8s.io/v1/storageclasses",
                "/apis/snapshot.storage.k8s.io/v1/volumesnapshotclasses",
                $"{GroupSnapshots}/volumegroupsnapshotclasses");
            await client.CoreV1.DeleteNamespaceAsync(name);
        });
    }
}
