using System.Text;
using System.Text.Json.Nodes;
using Harness.Api.Snapshots;
using Harness.EnvTest.Requests;
using Harness.Scenarios.Cluster;
using k8s;

namespace Harness.Scenarios.Tests.Chaos;

/// <summary>
/// A deliberately broken controller: it freezes the guest of every VM a snapshot names (with no auto-thaw) and never
/// thaws it, the bug class of kubevirt PR #8086. What the chaos properties must catch and shrink.
/// </summary>
internal static class FreezeAndForgetController
{
    public static Func<CancellationToken, Task<IAsyncDisposable>> For(SimulatedCluster simulation) => _ =>
    {
        var stop = new CancellationTokenSource();
        var loop = simulation.Scheduler.TaskFactory.StartNew(() => RunAsync(simulation, stop.Token)).Unwrap();
        return Task.FromResult<IAsyncDisposable>(new Stopper(stop, loop));
    };

    private static async Task RunAsync(SimulatedCluster simulation, CancellationToken cancellationToken)
    {
        var frozen = new HashSet<string>(StringComparer.Ordinal);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), simulation.Scheduler.TimeProvider, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var snapshots = await simulation.Client.CustomObjects.ListClusterCustomObjectAsync<JsonObject>(SnapshotApi.Group, SnapshotApi.StorageVersion, SnapshotApi.SnapshotPlural);
            foreach (var snapshot in snapshots["items"]!.AsArray().OfType<JsonObject>())
            {
                var ns = snapshot["metadata"]!["namespace"]!.GetValue<string>();
                var vm = snapshot["spec"]!["source"]!["name"]!.GetValue<string>();
                if (frozen.Add($"{ns}/{vm}"))
                {
                    await simulation.Server.HandleAsync(
                        new ApiRequest
                        {
                            Method = "PUT",
                            Path = $"/apis/subresources.kubevirt.io/v1/namespaces/{ns}/virtualmachineinstances/{vm}/freeze",
                            ContentType = "application/json",
                            Body = Encoding.UTF8.GetBytes("{\"unfreezeTimeout\":\"0s\"}"),
                        },
                        CancellationToken.None);
                }
            }
        }
    }

    private sealed class Stopper(CancellationTokenSource stop, Task loop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            stop.Cancel();
            await loop;
            stop.Dispose();
        }
    }
}
