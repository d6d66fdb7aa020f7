using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Reconciling;

/// <summary>
/// Writes the ValidatingWebhookConfiguration that points kube-apiserver at a <see cref="WebhookServer"/>
/// (<c>clientConfig.url</c> plus the CA in <c>caBundle</c>), replacing one of the same name, and removes it again
/// only while it still points at this server, so a replica that took over keeps its own.
/// </summary>
/// <param name="client">The cluster.</param>
/// <param name="configurationName">The configuration's name.</param>
/// <param name="endpoints">The webhooks it lists.</param>
/// <param name="serverUrl">The webhook server's base URL.</param>
/// <param name="caBundle">The CA that signed the server's certificate, PEM.</param>
public sealed class ValidatingWebhookRegistration(
    IKubernetes client, string configurationName, IReadOnlyList<ValidatingWebhookEndpoint> endpoints, Uri serverUrl, byte[] caBundle)
{
    /// <summary>How long kube-apiserver waits for one call.</summary>
    public const int TimeoutSeconds = 10;

    /// <summary>The configuration as written.</summary>
    public V1ValidatingWebhookConfiguration Configuration { get; } = new()
    {
        ApiVersion = "admissionregistration.k8s.io/v1",
        Kind = "ValidatingWebhookConfiguration",
        Metadata = new V1ObjectMeta { Name = configurationName },
        Webhooks = endpoints.Select(endpoint => new V1ValidatingWebhook
        {
            Name = endpoint.Name,
            ClientConfig = new Admissionregistrationv1WebhookClientConfig { Url = new Uri(serverUrl, endpoint.Path).ToString(), CaBundle = caBundle },
            Rules = [.. endpoint.Rules],
            FailurePolicy = "Fail",
            SideEffects = "None",
            AdmissionReviewVersions = ["v1"],
            TimeoutSeconds = TimeoutSeconds,
        }).ToList(),
    };

    /// <summary>Creates the configuration, or replaces the one of the same name.</summary>
    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        try
        {
            await client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(Configuration, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException exists) when (exists.Response.StatusCode == HttpStatusCode.Conflict)
        {
            var current = await client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(configurationName, cancellationToken: cancellationToken);
            Configuration.Metadata.ResourceVersion = current.Metadata.ResourceVersion;
            try
            {
                await client.AdmissionregistrationV1.ReplaceValidatingWebhookConfigurationAsync(Configuration, configurationName, cancellationToken: cancellationToken);
            }
            finally
            {
                Configuration.Metadata.ResourceVersion = null;
            }
        }
    }

    /// <summary>Deletes the configuration if it still points at this server (a precondition on its resourceVersion keeps a concurrent rewrite).</summary>
    public async Task RemoveAsync(CancellationToken cancellationToken)
    {
        try
        {
            var current = await client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(configurationName, cancellationToken: cancellationToken);
            var ours = current.Webhooks?.Any(webhook => webhook.ClientConfig?.Url is { } url && url.StartsWith(serverUrl.ToString(), StringComparison.Ordinal)) == true;
            if (ours)
            {
                await client.AdmissionregistrationV1.DeleteValidatingWebhookConfigurationAsync(
                    configurationName,
                    new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = current.Metadata.ResourceVersion } },
                    cancellationToken: cancellationToken);
            }
        }
        catch (HttpOperationException gone) when (gone.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Already gone, or rewritten by another replica since it was read.
        }
    }
}
