using System.Net;
using Harness.Reconciling;
using Harness.Runtime.Randomness;
using Harness.Scenarios.Simulation.Scheduling;
using Harness.Scenarios.Simulation.Transport;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Scenarios.Tests.Simulation.Transport;

/// <summary>
/// The informers' watches under the deterministic scheduler: read through the client's own HttpClient in the
/// scheduler's context, with KubernetesClient's errors, and no thread-pool hop (no boundary hand-over) per event.
/// </summary>
public sealed class InformerWatchUnderSchedulerTests
{
    [Fact]
    public void Watch_UnderScheduler_DecodesEventsAndErrorsInStepsOfItsOwn()
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(0x700));
        var seen = new List<string>();
        Exception? expired = null;
        HttpOperationException? missing = null;

        scheduler.Run(async () =>
        {
            var server = InProcessKubernetes.CreateServer(scheduler);
            var client = InProcessKubernetes.CreateClient(scheduler, server);
            var classes = InformerSources.StorageClasses(client);
            var (_, version) = await classes.List(CancellationToken.None);
            await client.StorageV1.CreateStorageClassAsync(new V1StorageClass { Metadata = new() { Name = "fast" }, Provisioner = "csi.example.com" });
            await client.StorageV1.DeleteStorageClassAsync("fast");
            await foreach (var (type, storageClass) in classes.Watch(version, e => throw e, CancellationToken.None))
            {
                seen.Add($"{type} {storageClass.Metadata.Name} {storageClass.Provisioner}");
                if (type == WatchEventType.Deleted)
                {
                    break;
                }
            }

            server.CompactHistory();
            await foreach (var unexpected in classes.Watch(version, e => expired = e, CancellationToken.None))
            {
                seen.Add($"after compaction: {unexpected.Type}");
            }

            try
            {
                await foreach (var unexpected in InformerSources.CustomObjects(client, "example.com", "v1", "widgets").Watch("", _ => { }, CancellationToken.None))
                {
                    seen.Add($"unserved: {unexpected.Type}");
                }
            }
            catch (HttpOperationException e)
            {
                missing = e;
            }
        });

        Assert.Equal(["Added fast csi.example.com", "Deleted fast csi.example.com"], seen);
        Assert.Equal((int)HttpStatusCode.Gone, Assert.IsType<KubernetesException>(expired).Status.Code);
        Assert.Equal(HttpStatusCode.NotFound, missing?.Response.StatusCode);
        Assert.DoesNotContain(scheduler.Trace.Steps, s => s.Label == "response stream data");
    }
}
