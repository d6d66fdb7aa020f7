using Harness.EnvTest.Environment;
using Harness.Runtime;
using Harness.Runtime.Randomness;
using Harness.Scenarios.Cluster;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;
using Harness.Simulators.Csi;
using Harness.Simulators.Csi.Stack;

namespace Harness.Benchmarks;

/// <summary>The cluster the controller benchmarks run against, on real time: the embedded API server and the simulators.</summary>
internal static class BenchmarkCluster
{
    /// <summary>The embedded API server (HTTPS, KubeVirt's VM webhooks installed), started.</summary>
    public static async Task<TestEnvironment> StartEnvironmentAsync()
    {
        var environment = new TestEnvironment(new TestEnvironmentOptions
        {
            TimeProvider = TimeProvider.System,
            TaskFactory = Task.Factory,
            EnvironmentVariable = _ => null,
            WebhookInstallOptions = new WebhookInstallOptions { Webhooks = HarnessCluster.Webhooks },
        });
        await environment.StartAsync();
        return environment;
    }

    /// <summary>The simulators in this process: the KubeVirt simulator, an instant in-process CSI driver and in-process guests.</summary>
    public static Task<HarnessCluster> StartInProcessAsync(TestEnvironment environment)
    {
        var events = new DomainEventLog(TimeProvider.System);
        var runtime = new ComponentRuntime { Time = TimeProvider.System, Tasks = Task.Factory, Seed = new SimulationSeed(1) };
        var driver = new CsiDriverSimulator(new CsiDriverSimulatorOptions { DriverName = CsiConstants.DefaultDriverName, Runtime = runtime });
        var drivers = new Dictionary<string, CsiDriverSimulator> { [driver.DriverName] = driver };
        return HarnessCluster.StartAsync(
            new ClusterParts
            {
                Client = environment.Client,
                Embedded = (environment.Backend as EmbeddedApiServerBackend)?.Core,
                TimeProvider = TimeProvider.System,
                TaskFactory = Task.Factory,
                Seed = 1,
                DriverEndpoints = [new CsiDriverEndpoint(driver.DriverName, driver.CreateCallInvoker())],
                Drivers = [new InProcessCsiDriverComponent(driver, events)],
                GuestAgents = new InProcessGuests(drivers, TimeProvider.System, Task.Factory, Simulators.GuestAgent.GuestAgentSimulatorOptions.DefaultWriteInterval),
                VolumeCopier = new InProcessVolumeCopier(drivers),
            },
            events);
    }
}
