using System.Text;
using Harness.EnvTest.Admission;
using Harness.EnvTest.Requests;
using Harness.Reconciling;
using Harness.Scenarios.Cluster;
using Harness.Scenarios.Cluster.Events;
using Harness.Simulators.Csi.Storage;
using k8s;

namespace Harness.Controller.Tests.World;

/// <summary>
/// The deterministic backend: the lead's <see cref="SimulatedCluster"/> (embedded API server without a socket, in-process
/// CSI drivers and guests) on the deterministic scheduler with virtual time, in the namespace <c>default</c>.
/// </summary>
internal sealed class SimulatedWorldBackend(
    SimulatedCluster simulation, Func<HarnessCluster?> started, IReadOnlyList<(string Queue, ObjectKey Key, string Message)> controllerErrors) : IWorldBackend
{
    public const string DefaultNamespace = "default";

    public Kubernetes Client => (Kubernetes)simulation.Client;

    public string Namespace => DefaultNamespace;

    public TimeProvider Time => simulation.Scheduler.TimeProvider;

    public TimeSpan PollInterval => TimeSpan.FromSeconds(1);

    public TimeSpan DefaultWait => TimeSpan.FromMinutes(10);

    public string Clock => "virtual time";

    public HarnessCluster Cluster => started() ?? throw new InvalidOperationException("the cluster runs only inside Run");

    public DomainEventLog Events => simulation.Events;

    public VolumeStore Storage() => simulation.Driver(ControllerWorld.Driver).Store;

    public Task<long?> JournalPositionAsync(string vmi)
    {
        var guest = simulation.Guests.Find(Namespace, vmi) ?? throw new InvalidOperationException($"VMI {vmi} runs without a booted guest");
        return Task.FromResult<long?>(guest.Journal.LastCommitted);
    }

    public async Task<int> PutAsync(string path, string body)
    {
        var response = await simulation.Server.HandleAsync(
            new ApiRequest { Method = "PUT", Path = path, ContentType = "application/json", Body = Encoding.UTF8.GetBytes(body) },
            CancellationToken.None);
        return Assert.IsType<BufferedApiResponse>(response).StatusCode;
    }

    /// <summary>In the embedded server's admission chain, in-process; the world has the one namespace.</summary>
    public Task RegisterValidatingAdmissionAsync(string name, IReadOnlyList<AdmissionRule> rules, IAdmissionHandler handler)
    {
        simulation.Server.RegisterValidatingAdmission(name, rules, handler);
        return Task.CompletedTask;
    }

    public string DescribeControllerErrors() => string.Join("\n", controllerErrors.TakeLast(5).Select(e => $"{e.Queue} {e.Key}: {e.Message}"));
}
