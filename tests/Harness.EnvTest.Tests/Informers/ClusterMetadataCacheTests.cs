using System.Net;
using Harness.EnvTest.InProcess;
using Harness.EnvTest.Informers;
using Harness.EnvTest.Tests.Core;
using k8s;

namespace Harness.EnvTest.Tests.Informers;

public sealed class ClusterMetadataCacheTests
{
    [Fact]
    public async Task Run_OneGroupsDiscoveryFails_WatchesTheOthersAndDiscoversItAgainAfterABackoff()
    {
        await using var env = new InProcessServer();
        var refusing = new RefusingHandler(r => r.RequestUri!.AbsolutePath == "/apis/apps/v1", HttpStatusCode.NotFound);
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = "http://apiserver.in-process" }, refusing, new ApiServerMessageHandler(env.Server));
        var cache = new ClusterMetadataCache(client, Task.Factory, env.Time, new Random(1));
        using var stop = new CancellationTokenSource();
        var running = cache.RunAsync(stop.Token);

        await Eventually.TrueAsync(() => Task.FromResult(cache.Resources.Any(r => r.Plural == "configmaps")), "the other groups watched");
        Assert.DoesNotContain(cache.Resources, r => r.Group == "apps");
        refusing.Relent();
        await Eventually.TrueAsync(() =>
        {
            env.Time.Advance(TimeSpan.FromMilliseconds(50));
            return Task.FromResult(cache.Resources.Any(r => r.Group == "apps"));
        }, "apps discovered again");

        await stop.CancelAsync();
        await running;
    }
}
