using System.Net;
using Harness.Api.Clients;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Durations;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;

namespace Harness.Controller.Hosting;

/// <summary>
/// The checks before anything starts: the kubeconfig reads, its API server answers within
/// <see cref="ConnectTimeout"/>, and the CRDs the controller serves and reads are installed. Given time to wait
/// (<c>--wait-for-cluster</c>), a failed check is tried again every <see cref="RetryInterval"/> until that time is
/// up, and a request may take all of it: a process started beside its API server (<c>harness up</c>) starts its
/// runtime while the server starts, and its first request, cold, may take longer than 10 s on a loaded machine.
/// </summary>
internal static class Preflight
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How often a missing kubeconfig is looked for: a file check is cheap, and the cluster is ready once it is written.</summary>
    public static readonly TimeSpan KubeconfigPollInterval = TimeSpan.FromMilliseconds(10);

    public static readonly string[] RequiredCrds =
    [
        $"{SnapshotApi.SnapshotPlural}.{SnapshotApi.Group}",
        $"{SnapshotApi.ContentPlural}.{SnapshotApi.Group}",
        $"{SnapshotApi.RestorePlural}.{SnapshotApi.Group}",
        $"{KubeVirtApi.VirtualMachinePlural}.{KubeVirtApi.Group}",
    ];

    /// <summary>
    /// A client for the kubeconfig's cluster, once the cluster answered and has the CRDs; otherwise, when
    /// <paramref name="wait"/> is up, the last check's <see cref="PreflightException"/>.
    /// </summary>
    public static async Task<Kubernetes> ConnectAsync(string kubeconfigPath, TimeSpan wait, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + wait;
        var waiting = false;
        while (true)
        {
            var left = deadline - time.GetUtcNow();
            if (left > RetryInterval && !File.Exists(kubeconfigPath))
            {
                // Cheap until the file is there: no client, no exception per try.
                LogWaitOnce(ref waiting, logger, wait, $"no kubeconfig at {kubeconfigPath} yet");
                await Task.Delay(KubeconfigPollInterval, time, cancellationToken);
                continue;
            }

            try
            {
                return await ConnectOnceAsync(kubeconfigPath, left > ConnectTimeout ? left : ConnectTimeout, time, cancellationToken);
            }
            catch (PreflightException notYet) when (deadline - time.GetUtcNow() > RetryInterval)
            {
                LogWaitOnce(ref waiting, logger, wait, notYet.Message);
                await Task.Delay(RetryInterval, time, cancellationToken);
            }
        }
    }

    private static void LogWaitOnce(ref bool waiting, ILogger logger, TimeSpan wait, string reason)
    {
        if (!waiting)
        {
            waiting = true;
            logger.LogInformation("Waiting up to {Wait} for the cluster: {Reason}", GoDuration.Format(wait), reason);
        }
    }

    private static async Task<Kubernetes> ConnectOnceAsync(string kubeconfigPath, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        KubernetesClientConfiguration configuration;
        try
        {
            configuration = KubeconfigReader.Read(kubeconfigPath);
        }
        catch (Exception unusable) when (unusable is not OperationCanceledException)
        {
            throw new PreflightException($"cannot use the kubeconfig {kubeconfigPath}: {unusable.Message}", unusable);
        }

        var client = new Kubernetes(configuration, new UserAgentHandler(ControllerProcess.UserAgentProduct));
        try
        {
            await CheckAsync(client, configuration.Host, timeout, time, cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The CRDs' reads are the first requests: they show the server answers as well as what it serves.</summary>
    private static async Task CheckAsync(Kubernetes client, string host, TimeSpan answerWithin, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(answerWithin, time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        bool[] found;
        try
        {
            found = await Task.WhenAll(RequiredCrds.Select(crd => ExistsAsync(client, crd, bounded.Token)));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new PreflightException($"cannot reach the API server at {host}: no answer within {answerWithin.TotalSeconds:0.#} s");
        }
        catch (Exception failed) when (failed is HttpRequestException or HttpOperationException or IOException)
        {
            throw new PreflightException($"cannot reach the API server at {host}: {Describe(failed)}", failed);
        }

        var missing = RequiredCrds.Where((_, i) => !found[i]).ToList();
        if (missing.Count > 0)
        {
            throw new PreflightException($"the API server at {host} lacks the CustomResourceDefinition{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}; install KubeVirt's CRDs first");
        }
    }

    private static async Task<bool> ExistsAsync(Kubernetes client, string crd, CancellationToken cancellationToken)
    {
        try
        {
            await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException notFound) when (notFound.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static string Describe(Exception failed) => failed switch
    {
        HttpOperationException status => $"{(int)status.Response.StatusCode} {status.Response.ReasonPhrase}",
        _ when failed.InnerException is { } inner => $"{failed.Message} ({inner.Message})",
        _ => failed.Message,
    };
}
