using Harness.Runtime;
using System.Net;
using System.Text.Json.Nodes;
using Harness.EnvTest.Core;
using Harness.EnvTest.Environment;
using Harness.Runtime.Randomness;
using Harness.Scenarios.Simulation.Scheduling;
using Harness.Scenarios.Simulation.Transport;
using Harness.Simulators.KubeVirt;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static Harness.Simulators.Tests.KubeVirt.Conditions;

namespace Harness.Simulators.Tests.KubeVirt;

/// <summary>The simulator on the deterministic scheduler with virtual time: a VM starts and stops; a seed replays its trace.</summary>
public sealed class DeterministicKubeVirtTests
{
    [Theory]
    [InlineData(1UL)]
    [InlineData(42UL)]
    public void StartStop_SameSeedTwice_SameTrace(ulong seed)
    {
        var first = Run(seed);
        var second = Run(seed);

        Assert.Equal(first, second);
    }

    private static string Run(ulong seed)
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(seed));
        scheduler.Run(async () =>
        {
            var server = new ApiServer(new ApiServerOptions
            {
                TimeProvider = scheduler.TimeProvider,
                TaskFactory = scheduler.TaskFactory,
                Seed = (int)(seed & int.MaxValue),
                RunControllers = false,
            });
            var client = InProcessKubernetes.CreateClient(scheduler, server);
            foreach (var crd in CrdInstallOptions.HarnessCrds().Where(c => c.Spec.Group is "kubevirt.io" or "cdi.kubevirt.io"))
            {
                await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
            }

            var simulator = new KubeVirtSimulator(client, new KubeVirtSimulatorOptions
            {
                Runtime = new ComponentRuntime { Time = scheduler.TimeProvider, Tasks = scheduler.TaskFactory, Seed = scheduler.Seed.Derive("kubevirt") },
            });
            await simulator.StartAsync();
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(
                Manifests.Vm("vm1", "Always", null, Manifests.ContainerDisk("root")), "kubevirt.io", "v1", "default", "virtualmachines");
            await WaitAsync(scheduler, () => VmiAsync(client), i => Phase(i) == "Running");

            await client.CustomObjects.PatchNamespacedCustomObjectAsync(
                new V1Patch("{\"spec\":{\"runStrategy\":\"Halted\"}}", V1Patch.PatchType.MergePatch), "kubevirt.io", "v1", "default", "virtualmachines", "vm1");

            await WaitAsync(scheduler, () => VmiAsync(client), i => i is null);
        });
        return scheduler.Trace.HashText;
    }

    private static async Task<JsonObject?> VmiAsync(IKubernetes client)
    {
        try
        {
            return await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>("kubevirt.io", "v1", "default", "virtualmachineinstances", "vm1");
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static async Task WaitAsync(DeterministicScheduler scheduler, Func<Task<JsonObject?>> read, Func<JsonObject?, bool> condition)
    {
        var deadline = scheduler.TimeProvider.GetUtcNow() + TimeSpan.FromMinutes(10);
        while (!condition(await read()))
        {
            Assert.True(scheduler.TimeProvider.GetUtcNow() < deadline, "not reached within 10 minutes of virtual time");
            await Task.Delay(TimeSpan.FromMilliseconds(200), scheduler.TimeProvider);
        }
    }
}
