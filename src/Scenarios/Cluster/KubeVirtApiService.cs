using System.Net;
using Harness.EnvTest.Http;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Security;
using Harness.Simulators.KubeVirt.Subresources;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Scenarios.Cluster;

/// <summary>
/// The KubeVirt simulator's <c>subresources.kubevirt.io</c> API for a real kube-apiserver, as virt-api serves it: over
/// HTTPS on 127.0.0.1, registered as the <c>APIService</c> <c>v1.subresources.kubevirt.io</c> whose service is the
/// <c>ExternalName</c> Service <c>kubevirt/virt-api</c> naming <c>localhost</c>, so the aggregator proxies to
/// <c>https://localhost:PORT</c>, verifying the serving certificate against the APIService's caBundle for the
/// service's name (<c>virt-api.kubevirt.svc</c>), as it does for any aggregated API.
/// </summary>
public sealed class KubeVirtApiService : IAsyncDisposable
{
    public const string ServiceNamespace = "kubevirt";
    public const string ServiceName = "virt-api";

    private static readonly TimeSpan AvailableWithin = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);
    private readonly IKubernetes client;
    private readonly CertificateAuthority authority;
    private readonly ApiHttpsServer server;

    private KubeVirtApiService(IKubernetes client, CertificateAuthority authority, ApiHttpsServer server)
    {
        this.client = client;
        this.authority = authority;
        this.server = server;
    }

    public static string ApiServiceName => $"{SubresourceApi.Version}.{SubresourceApi.Group}";

    public int Port => server.Port;

    /// <summary>Serves <paramref name="api"/> and registers it with the cluster of <paramref name="client"/>.</summary>
    public static async Task<KubeVirtApiService> StartAsync(IKubernetes client, IApiHandler api, TimeProvider time, Random random, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var authority = CertificateAuthority.Create("harness-virt-api-ca", time, random);
        ApiHttpsServer? server = null;
        try
        {
            server = await ApiHttpsServer.StartAsync(
                api,
                new ApiHttpsServerOptions { ServingCertificate = authority.IssueServingCertificate(["localhost", $"{ServiceName}.{ServiceNamespace}.svc"], [IPAddress.Loopback]), Token = null },
                cancellationToken);
            var service = new KubeVirtApiService(client, authority, server);
            await service.RegisterAsync(cancellationToken);
            await service.WaitUntilAvailableAsync(time, cancellationToken);
            return service;
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            authority.Dispose();
            throw;
        }
    }

    /// <summary>Removes the APIService and the Service, then stops serving.</summary>
    public async ValueTask DisposeAsync()
    {
        await IgnoreNotFound(() => client.ApiregistrationV1.DeleteAPIServiceAsync(ApiServiceName));
        await IgnoreNotFound(() => client.CoreV1.DeleteNamespacedServiceAsync(ServiceName, ServiceNamespace));
        await server.DisposeAsync();
        authority.Dispose();
    }

    private async Task RegisterAsync(CancellationToken cancellationToken)
    {
        await IgnoreConflict(() => client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ServiceNamespace } }, cancellationToken: cancellationToken));
        var service = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = ServiceName, NamespaceProperty = ServiceNamespace },
            Spec = new V1ServiceSpec
            {
                Type = "ExternalName",
                ExternalName = "localhost",
                Ports = [new V1ServicePort { Name = "https", Port = Port, Protocol = "TCP" }],
            },
        };
        await CreateOrReplace(
            () => client.CoreV1.CreateNamespacedServiceAsync(service, ServiceNamespace, cancellationToken: cancellationToken),
            async () =>
            {
                var existing = await client.CoreV1.ReadNamespacedServiceAsync(ServiceName, ServiceNamespace, cancellationToken: cancellationToken);
                existing.Spec = service.Spec;
                await client.CoreV1.ReplaceNamespacedServiceAsync(existing, ServiceName, ServiceNamespace, cancellationToken: cancellationToken);
            });
        var apiService = new V1APIService
        {
            Metadata = new V1ObjectMeta { Name = ApiServiceName },
            Spec = new V1APIServiceSpec
            {
                Group = SubresourceApi.Group,
                Version = SubresourceApi.Version,
                Service = new Apiregistrationv1ServiceReference { NamespaceProperty = ServiceNamespace, Name = ServiceName, Port = Port },
                CaBundle = System.Text.Encoding.UTF8.GetBytes(authority.CertificatePem),
                GroupPriorityMinimum = 1000,
                VersionPriority = 15,
            },
        };
        await CreateOrReplace(
            () => client.ApiregistrationV1.CreateAPIServiceAsync(apiService, cancellationToken: cancellationToken),
            async () =>
            {
                var existing = await client.ApiregistrationV1.ReadAPIServiceAsync(ApiServiceName, cancellationToken: cancellationToken);
                existing.Spec = apiService.Spec;
                await client.ApiregistrationV1.ReplaceAPIServiceAsync(existing, ApiServiceName, cancellationToken: cancellationToken);
            });
    }

    /// <summary>Waits for the aggregator to report the APIService <c>Available</c> (it checks the backend first).</summary>
    private async Task WaitUntilAvailableAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + AvailableWithin;
        while (true)
        {
            var apiService = await client.ApiregistrationV1.ReadAPIServiceAsync(ApiServiceName, cancellationToken: cancellationToken);
            var available = apiService.Status?.Conditions?.FirstOrDefault(c => c.Type == "Available");
            if (available?.Status == "True")
            {
                return;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException(
                    $"the APIService {ApiServiceName} did not become Available within {AvailableWithin}: {available?.Reason} {available?.Message}");
            }

            await Task.Delay(PollEvery, time, cancellationToken);
        }
    }

    private static async Task CreateOrReplace<T>(Func<Task<T>> create, Func<Task> replace)
    {
        try
        {
            await create();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            await replace();
        }
    }

    private static async Task IgnoreConflict<T>(Func<Task<T>> create)
    {
        try
        {
            await create();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
        }
    }

    private static async Task IgnoreNotFound<T>(Func<Task<T>> delete)
    {
        try
        {
            await delete();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }
}
