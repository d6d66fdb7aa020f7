using System.Net;
using Harness.EnvTest.InProcess;
using Harness.EnvTest.Informers;
using Harness.EnvTest.Namespaces;
using Harness.EnvTest.Tests.Core;
using Harness.EnvTest.Tests.Informers;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Namespaces;

public sealed class NamespaceControllerTests
{
    [Fact]
    public async Task Run_FinalizeFailsOnce_IsRetriedAfterABackoffWithoutAnotherChange()
    {
        await using var env = new InProcessServer();
        var refusing = new RefusingHandler(r => r.RequestUri!.AbsolutePath.EndsWith("/finalize", StringComparison.Ordinal), HttpStatusCode.InternalServerError);
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = "http://apiserver.in-process" }, refusing, new ApiServerMessageHandler(env.Server));
        var cache = new ClusterMetadataCache(client, Task.Factory, env.Time, new Random(1));
        using var stop = new CancellationTokenSource();
        var running = cache.RunAsync(stop.Token);
        var controller = new NamespaceController(cache).RunAsync(stop.Token);
        await env.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "doomed" } });
        await Eventually.TrueAsync(() => Task.FromResult(Cached(cache, "doomed")), "namespace cached");

        await env.Client.CoreV1.DeleteNamespaceAsync("doomed");
        await Eventually.TrueAsync(() => Task.FromResult(refusing.Refused == 1), "finalize refused");
        refusing.Relent();

        await Eventually.TrueAsync(async () =>
        {
            env.Time.Advance(TimeSpan.FromMilliseconds(50));
            return !(await env.Client.CoreV1.ListNamespaceAsync()).Items.Any(n => n.Metadata.Name == "doomed");
        }, "namespace removed");
        await stop.CancelAsync();
        await running;
        await controller;
    }

    private static bool Cached(ClusterMetadataCache cache, string name) =>
        cache.Resources.FirstOrDefault(r => r is { Group: "", Plural: "namespaces" }) is { } namespaces && cache.Find(namespaces, string.Empty, name) is not null;
}
