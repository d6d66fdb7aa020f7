using Harness.EnvTest.Core;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace Harness.Api.Tests.Clients;

/// <summary>The embedded API server, in-process, with the CRDs of the kinds under test installed and the namespaces <c>apps</c> and <c>other</c>.</summary>
internal sealed class ApiWorld : IAsyncDisposable
{
    private ApiWorld(ApiServer server) => (Server, Client) = (server, server.CreateClient());

    public ApiServer Server { get; }

    public IKubernetes Client { get; }

    public static async Task<ApiWorld> StartAsync(params string[] crdFiles)
    {
        var world = new ApiWorld(new ApiServer(new ApiServerOptions
        {
            TimeProvider = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)),
            TaskFactory = Task.Factory,
            Seed = 3,
        }));
        foreach (var file in crdFiles)
        {
            var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "crds", file)));
            await world.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        }

        foreach (var ns in new[] { "apps", "other" })
        {
            await world.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        }

        return world;
    }

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        return Server.DisposeAsync();
    }
}
