using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Admission;
using Harness.Simulators.KubeVirt.Cdi;
using Harness.Simulators.KubeVirt.Clones;
using Harness.Simulators.KubeVirt.Configuration;
using Harness.Simulators.KubeVirt.Instances;
using Harness.Simulators.KubeVirt.Objects;
using Harness.Simulators.KubeVirt.Subresources;
using Harness.Simulators.KubeVirt.VirtualMachines;
using Harness.Simulators.KubeVirt.Watching;
using k8s;
using k8s.Models;

namespace Harness.Simulators.KubeVirt;

/// <summary>
/// The simulated KubeVirt and CDI control plane: virt-controller (VM → VMI, revisions, hotplug), virt-handler
/// and virt-launcher (VMI phases, guest agents, freeze/pause), virt-api's subresources
/// (<see cref="Subresources"/>) and VM admission rules (<see cref="Admission"/>), virt-operator's KubeVirt
/// object, CDI's DataVolume and StorageProfile controllers, and the VirtualMachineClone controller (where the
/// <c>clone.kubevirt.io</c> and <c>snapshot.kubevirt.io</c> resources are served). It talks to Kubernetes only through
/// <see cref="IKubernetes"/>.
/// </summary>
public sealed class KubeVirtSimulator : IAsyncDisposable
{
    private readonly KubeVirtSimulatorOptions options;
    private readonly ReconcilerHost host;
    private readonly ClusterCache cache;
    private readonly ObjectWriter writer;
    private readonly InstanceRuntimes runtimes = new();
    private readonly WorkQueue<ObjectKey> machineQueue;
    private readonly WorkQueue<ObjectKey> instanceQueue;
    private readonly WorkQueue<ObjectKey> dataVolumeQueue;
    private readonly WorkQueue<ObjectKey> profileQueue;
    private readonly WorkQueue<ObjectKey> kubeVirtQueue;
    private readonly VirtualMachineController machines;
    private readonly InstanceController instances;
    private readonly DataVolumeController dataVolumes;
    private readonly StorageProfileController profiles;
    private readonly KubeVirtConfigurationController kubeVirt;
    private readonly IKubernetes client;
    private readonly EventRecorder controllerEvents;
    private CloneCache? clones;
    private WorkQueue<ObjectKey>? cloneQueue;

    public KubeVirtSimulator(IKubernetes client, KubeVirtSimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.client = client;
        var time = this.options.Runtime.Time;
        host = new ReconcilerHost(this.options.Runtime);
        cache = new ClusterCache(host, client);
        writer = new ObjectWriter(client);
        controllerEvents = new EventRecorder(client, time, "virtualmachine-controller");
        var handlerEvents = controllerEvents.ForComponent("virt-handler");
        machines = new VirtualMachineController(cache, writer, controllerEvents, time);
        instances = new InstanceController(cache, writer, handlerEvents, runtimes, this.options);
        dataVolumes = new DataVolumeController(cache, writer, controllerEvents.ForComponent("datavolume-controller"), this.options);
        profiles = new StorageProfileController(cache, writer);
        kubeVirt = new KubeVirtConfigurationController(cache, writer, this.options);
        machineQueue = Reconcile("VirtualMachine", machines.ReconcileAsync);
        instanceQueue = Reconcile("VirtualMachineInstance", instances.ReconcileAsync);
        dataVolumeQueue = Reconcile("DataVolume", dataVolumes.ReconcileAsync);
        profileQueue = Reconcile("StorageProfile", profiles.ReconcileAsync);
        kubeVirtQueue = Reconcile("KubeVirt", kubeVirt.ReconcileAsync);
        var gates = new FeatureGates(writer, kubeVirt.Key);
        var guest = new GuestOperations(runtimes, handlerEvents, instanceQueue, this.options);
        Subresources = new SubresourceApi(
            new VirtualMachineSubresources(writer, gates),
            new InstanceSubresources(writer, guest, gates));
        Admission = new VirtualMachineAdmission();
        cache.Changed += OnChanged;
    }

    /// <summary>The <c>subresources.kubevirt.io/v1</c> aggregated API.</summary>
    public SubresourceApi Subresources { get; }

    /// <summary>The VirtualMachine validating admission rules.</summary>
    public VirtualMachineAdmission Admission { get; }

    /// <summary>
    /// Reads which resources are served and have a status subresource, creates the KubeVirt object if missing, starts
    /// the informers through the injected <see cref="TaskFactory"/>, waits until the caches have listed once and
    /// starts the controllers.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await writer.DiscoverAsync(
            [CustomResource.VirtualMachines, CustomResource.VirtualMachineInstances, CustomResource.KubeVirts,
             CustomResource.DataVolumes, CustomResource.StorageProfiles, .. CloneCache.Resources],
            cancellationToken);
        if (CloneCache.Resources.All(writer.IsServed))
        {
            clones = new CloneCache(host, client, key => cloneQueue!.Add(key));
            var controller = new CloneController(clones, cache, writer, controllerEvents.ForComponent("vmclone-controller"), options);
            cloneQueue = Reconcile("VirtualMachineClone", controller.ReconcileAsync);
        }

        await kubeVirt.EnsureAsync(cancellationToken);
        await host.StartAsync(cancellationToken);
    }

    /// <summary>Stops the loops and every guest agent.</summary>
    public async Task StopAsync()
    {
        await host.StopAsync();
        await instances.ShutdownAllAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await host.DisposeAsync();
    }

    private WorkQueue<ObjectKey> Reconcile(string name, Func<ObjectKey, CancellationToken, Task<ReconcileResult>> reconcile)
        => host.Reconcile(name, reconcile, onError: (key, error) => options.OnReconcileError?.Invoke(key, error));

    private void OnChanged(ResourceKind kind, ObjectKey key)
    {
        switch (kind)
        {
            case ResourceKind.VirtualMachine:
                machineQueue.Add(key);
                EnqueueClones(key.Namespace);
                break;
            case ResourceKind.VirtualMachineInstance:
                machineQueue.Add(key);
                instanceQueue.Add(key);
                EnqueueClonesOf(key.Namespace, claim: null);
                break;
            case ResourceKind.PersistentVolumeClaim:
                dataVolumeQueue.Add(key);
                EnqueueNamespace(key.Namespace);
                EnqueueClonesOf(key.Namespace, key.Name);
                EnqueueClones(key.Namespace);
                break;
            case ResourceKind.DataVolume:
                dataVolumeQueue.Add(key);
                EnqueueNamespace(key.Namespace);
                break;
            case ResourceKind.StorageClass:
                profileQueue.Add(key);
                EnqueueAll(cache.DataVolumes, dataVolumeQueue);

                // A VMI whose claim's class was not cached yet waits in Scheduling for it (WaitForFirstConsumer).
                EnqueueAll(cache.VirtualMachineInstances, instanceQueue);
                break;
            case ResourceKind.VolumeSnapshotClass:
                foreach (var storageClass in cache.StorageClasses.List())
                {
                    profileQueue.Add(ObjectKey.Of(storageClass));
                }

                break;
            case ResourceKind.StorageProfile:
                profileQueue.Add(key);
                EnqueueAll(cache.DataVolumes, dataVolumeQueue);
                break;
            default:
                kubeVirtQueue.Add(key);
                break;
        }
    }

    private void EnqueueNamespace(string ns)
    {
        foreach (var vm in cache.VirtualMachines.List().Where(o => o.Namespace() == ns))
        {
            machineQueue.Add(vm.Key());
        }

        foreach (var vmi in cache.VirtualMachineInstances.List().Where(o => o.Namespace() == ns))
        {
            instanceQueue.Add(vmi.Key());
        }

        foreach (var dv in cache.DataVolumes.List().Where(o => o.Namespace() == ns))
        {
            dataVolumeQueue.Add(ObjectKey.Of(dv));
        }
    }

    /// <summary>The VirtualMachineClones of a namespace, which wait for its VMs and claims.</summary>
    private void EnqueueClones(string ns)
    {
        foreach (var clone in clones?.Clones.List().Where(c => c.Namespace() == ns) ?? [])
        {
            cloneQueue!.Add(ObjectKey.Of(clone));
        }
    }

    /// <summary>Clones whose source is the claim <paramref name="claim"/> (any claim of the namespace when null), from any namespace, as CDI's clone-without-source watch.</summary>
    private void EnqueueClonesOf(string ns, string? claim)
    {
        foreach (var dv in cache.DataVolumes.List())
        {
            if (DataVolumeController.CloneSourceOf(dv) is { } source && source.Namespace == ns && (claim is null || source.Name == claim))
            {
                dataVolumeQueue.Add(ObjectKey.Of(dv));
            }
        }
    }

    private static void EnqueueAll<T>(Informer<T> informer, WorkQueue<ObjectKey> queue)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        foreach (var obj in informer.List())
        {
            queue.Add(ObjectKey.Of(obj));
        }
    }
}
