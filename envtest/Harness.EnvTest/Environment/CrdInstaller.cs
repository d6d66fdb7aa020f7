using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Environment;

/// <summary>Installs CRDs through the API and waits until every served version answers and the CRD is Established.</summary>
internal static class CrdInstaller
{
    public static async Task InstallAsync(IKubernetes client, IReadOnlyList<V1CustomResourceDefinition> crds, CancellationToken cancellationToken)
    {
        foreach (var crd in crds)
        {
            try
            {
                await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException conflict) when (conflict.Response.StatusCode == HttpStatusCode.Conflict)
            {
                var existing = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd.Metadata.Name, cancellationToken: cancellationToken);
                existing.Spec = crd.Spec;
                existing.Metadata.Labels = crd.Metadata.Labels;
                existing.Metadata.Annotations = crd.Metadata.Annotations;
                await client.ApiextensionsV1.ReplaceCustomResourceDefinitionAsync(existing, crd.Metadata.Name, cancellationToken: cancellationToken);
            }
        }
    }

    public static async Task WaitForCrdsAsync(
        IKubernetes client, IReadOnlyList<V1CustomResourceDefinition> crds, CrdInstallOptions options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetTimestamp() + (long)(options.MaxTime.TotalSeconds * timeProvider.TimestampFrequency);
        var pending = new List<V1CustomResourceDefinition>(crds);
        while (true)
        {
            var notReady = new List<V1CustomResourceDefinition>();
            foreach (var crd in pending)
            {
                if (!await IsReadyAsync(client, crd, cancellationToken))
                {
                    notReady.Add(crd);
                }
            }

            pending = notReady;
            if (pending.Count == 0)
            {
                return;
            }

            if (timeProvider.GetTimestamp() > deadline)
            {
                throw new TimeoutException(
                    $"CRDs not served and Established after {options.MaxTime.TotalSeconds:0.#} s: {string.Join(", ", pending.Select(crd => crd.Metadata.Name))}");
            }

            await Task.Delay(options.PollInterval, timeProvider, cancellationToken);
        }
    }

    public static async Task UninstallAsync(IKubernetes client, IReadOnlyList<V1CustomResourceDefinition> crds, CancellationToken cancellationToken)
    {
        foreach (var crd in crds)
        {
            try
            {
                await client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync(crd.Metadata.Name, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException missing) when (missing.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // Already gone.
            }
        }
    }

    private static async Task<bool> IsReadyAsync(IKubernetes client, V1CustomResourceDefinition crd, CancellationToken cancellationToken)
    {
        V1CustomResourceDefinition current;
        try
        {
            current = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd.Metadata.Name, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException missing) when (missing.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        var established = current.Status?.Conditions?.Any(condition => condition.Type == "Established" && condition.Status == "True") ?? false;
        if (!established)
        {
            return false;
        }

        foreach (var version in crd.Spec.Versions.Where(version => version.Served))
        {
            try
            {
                await client.CustomObjects.ListClusterCustomObjectAsync(
                    crd.Spec.Group, version.Name, crd.Spec.Names.Plural, limit: 1, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException notServed) when (notServed.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
        }

        return true;
    }
}
