using System.Net;
using Harness.Api.Clients;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using k8s;
using k8s.Autorest;

namespace Harness.Controller.Hosting;

/// <summary>
/// The checks before anything starts: the kubeconfig reads, its API server answers <c>/version</c> within
/// <see cref="ConnectTimeout"/>, and the CRDs the controller serves and reads are installed.
/// </summary>
internal static class Preflight
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    public static readonly string[] RequiredCrds =
    [
        $"{SnapshotApi.SnapshotPlural}.{SnapshotApi.Group}",
        $"{SnapshotApi.ContentPlural}.{SnapshotApi.Group}",
        $"{SnapshotApi.RestorePlural}.{SnapshotApi.Group}",
        $"{KubeVirtApi.VirtualMachinePlural}.{KubeVirtApi.Group}",
    ];

    /// <summary>A client for the kubeconfig's cluster, once the cluster answered and has the CRDs; otherwise a <see cref="PreflightException"/>.</summary>
    public static async Task<Kubernetes> ConnectAsync(string kubeconfigPath, TimeProvider time, CancellationToken cancellationToken)
    {
        KubernetesClientConfiguration configuration;
        try
        {
            configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath);
        }
        catch (Exception unusable) when (unusable is not OperationCanceledException)
        {
            throw new PreflightException($"cannot use the kubeconfig {kubeconfigPath}: {unusable.Message}", unusable);
        }

        var client = new Kubernetes(configuration, new UserAgentHandler(ControllerProcess.UserAgentProduct));
        try
        {
            await CheckAsync(client, configuration.Host, time, cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task CheckAsync(Kubernetes client, string host, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(ConnectTimeout, time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await client.Version.GetCodeAsync(bounded.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new PreflightException($"cannot reach the API server at {host}: no answer within {ConnectTimeout.TotalSeconds} s");
        }
        catch (Exception failed) when (failed is HttpRequestException or HttpOperationException or IOException)
        {
            throw new PreflightException($"cannot reach the API server at {host}: {Describe(failed)}", failed);
        }

        var missing = new List<string>();
        foreach (var crd in RequiredCrds)
        {
            try
            {
                await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd, cancellationToken: bounded.Token);
            }
            catch (HttpOperationException notFound) when (notFound.Response.StatusCode == HttpStatusCode.NotFound)
            {
                missing.Add(crd);
            }
        }

        if (missing.Count > 0)
        {
            throw new PreflightException($"the API server at {host} lacks the CustomResourceDefinition{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}; install KubeVirt's CRDs first");
        }
    }

    private static string Describe(Exception failed) => failed switch
    {
        HttpOperationException status => $"{(int)status.Response.StatusCode} {status.Response.ReasonPhrase}",
        _ when failed.InnerException is { } inner => $"{failed.Message} ({inner.Message})",
        _ => failed.Message,
    };
}
