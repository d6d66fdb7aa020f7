using Harness.Simulators.KubeVirt.Admission;
using Harness.Simulators.KubeVirt.Cdi;
using Harness.Simulators.KubeVirt.Configuration;
using Harness.Simulators.KubeVirt.Instances;
using Harness.Simulators.KubeVirt.Objects;
using Harness.Simulators.KubeVirt.Subresources;
using Harness.Simulators.KubeVirt.VirtualMachines;
using Harness.Simulators.KubeVirt.Watching;
using k8s;

namespace Harness.Simulators.KubeVirt;

/// <summary>
/// The simulated KubeVirt and CDI control plane: virt-controller (VM → VMI, revisions, hotplug), virt-handler
/// and virt-launcher (VMI phases, guest agents, freeze/pause), virt-api's subresources
/// (<see cref="Subresources"/>) and VM admission rules (<see cref="Admission"/>), virt-operator's KubeVirt
/// object, and CDI's DataVolume and StorageProfile controllers. It talks to Kubernetes only through
/// <see cref="IKubernetes"/>.
/// </summary>
public sealed class KubeVirtSimulator : IAsyncDisposable
{
    private readonly KubeVirtSimulatorOptions options;
    private readonly ClusterCache cache;
    private readonly ObjectWriter writer;
    private readonly InstanceRuntimes runtimes = new();
    private readonly WorkQueue machineQueue;
    private readonly WorkQueue instanceQueue;
    private readonly WorkQueue dataVolumeQueue;
    private readonly WorkQueue profileQueue;
    private readonly WorkQueue kubeVirtQueue;
    private readonly VirtualMachineController machines;
    private readonly InstanceController instances;
    private readonly DataVolumeController dataVolumes;
    private readonly StorageProfileController profiles;
    private readonly KubeVirtConfigurationController kubeVirt;
    private readonly List<Task> running = [];
    private CancellationTokenSource? stopping;

    public KubeVirtSimulator(IKubernetes client, KubeVirtSimulatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        this.options = options ?? new KubeVirtSimulatorOptions();
        var time = this.options.TimeProvider;
        cache = new ClusterCache(client, time);
        writer = new ObjectWriter(client);
        machineQueue = new WorkQueue(time);
        instanceQueue = new WorkQueue(time);
        dataVolumeQueue = new WorkQueue(time);
        profileQueue = new WorkQueue(time);
        kubeVirtQueue = new WorkQueue(time);
        var eventSequence = new System.Runtime.CompilerServices.StrongBox<long>();
        var controllerEvents = new EventRecorder(client, time, "virtualmachine-controller", eventSequence);
        var handlerEvents = new EventRecorder(client, time, "virt-handler", eventSequence);
        machines = new VirtualMachineController(cache, writer, controllerEvents, time);
        instances = new InstanceController(cache, writer, handlerEvents, runtimes, this.options);
        dataVolumes = new DataVolumeController(cache, writer, this.options);
        profiles = new StorageProfileController(cache, writer);
        kubeVirt = new KubeVirtConfigurationController(cache, writer, this.options);
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
    /// Reads which resources have a status subresource, creates the KubeVirt object if missing, starts the
    /// informers and controllers through the injected <see cref="TaskFactory"/> and waits until the caches
    /// have listed once.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (stopping is not null)
        {
            throw new InvalidOperationException("the simulator is already started");
        }

        stopping = new CancellationTokenSource();
        await writer.DiscoverAsync(
            [CustomResource.VirtualMachines, CustomResource.VirtualMachineInstances, CustomResource.KubeVirts,
             CustomResource.DataVolumes, CustomResource.StorageProfiles],
            cancellationToken);
        await kubeVirt.EnsureAsync(cancellationToken);
        var token = stopping.Token;
        foreach (var runner in cache.Runners)
        {
            Start(() => runner(token));
        }

        Start(() => Loop(machineQueue, machines.ReconcileAsync).RunAsync(token));
        Start(() => Loop(instanceQueue, instances.ReconcileAsync).RunAsync(token));
        Start(() => Loop(dataVolumeQueue, dataVolumes.ReconcileAsync).RunAsync(token));
        Start(() => Loop(profileQueue, profiles.ReconcileAsync).RunAsync(token));
        Start(() => Loop(kubeVirtQueue, kubeVirt.ReconcileAsync).RunAsync(token));
        var cancelled = new TaskCompletionSource();
        using (cancellationToken.Register(() => cancelled.TrySetCanceled(cancellationToken)))
        {
            var synced = cache.SyncedAsync();
            if (await Task.WhenAny(synced, cancelled.Task) != synced)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>Stops the loops and every guest agent.</summary>
    public async Task StopAsync()
    {
        if (stopping is null)
        {
            return;
        }

        stopping.Cancel();
        Task[] tasks;
        lock (running)
        {
            tasks = [.. running];
            running.Clear();
        }

        try
        {
            await Task.WhenAll(tasks);
        }
        catch (OperationCanceledException)
        {
        }

        await instances.ShutdownAllAsync();
        foreach (var queue in new[] { machineQueue, instanceQueue, dataVolumeQueue, profileQueue, kubeVirtQueue })
        {
            queue.Dispose();
        }

        stopping.Dispose();
        stopping = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private ControllerLoop Loop(WorkQueue queue, Func<ObjectKey, CancellationToken, Task<ReconcileResult>> reconcile)
        => new(queue, reconcile, (key, error) => options.OnReconcileError?.Invoke(key, error));

    private void Start(Func<Task> work)
    {
        var task = options.TaskFactory.StartNew(work).Unwrap();
        lock (running)
        {
            running.Add(task);
        }
    }

    private void OnChanged(ResourceKind kind, ObjectKey key)
    {
        switch (kind)
        {
            case ResourceKind.VirtualMachine:
                machineQueue.Add(key);
                break;
            case ResourceKind.VirtualMachineInstance:
                machineQueue.Add(key);
                instanceQueue.Add(key);
                break;
            case ResourceKind.PersistentVolumeClaim or ResourceKind.DataVolume:
                dataVolumeQueue.Add(key);
                EnqueueNamespace(key.Namespace);
                break;
            case ResourceKind.StorageClass:
                profileQueue.Add(key);
                EnqueueAll(cache.DataVolumes, dataVolumeQueue);
                break;
            case ResourceKind.VolumeSnapshotClass:
                foreach (var storageClass in cache.StorageClasses.List())
                {
                    profileQueue.Add(new ObjectKey("", storageClass.Metadata.Name));
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
            dataVolumeQueue.Add(dv.Key());
        }
    }

    private static void EnqueueAll(Informer<System.Text.Json.Nodes.JsonObject> informer, WorkQueue queue)
    {
        foreach (var obj in informer.List())
        {
            queue.Add(obj.Key());
        }
    }
}
