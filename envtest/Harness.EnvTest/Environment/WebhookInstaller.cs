using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Harness.EnvTest.Admission;
using Harness.EnvTest.Http;
using Harness.EnvTest.Security;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Environment;

/// <summary>
/// Installs <see cref="AdmissionWebhook"/>s: into the embedded core's chain directly, or by serving them with an
/// <see cref="AdmissionWebhookServer"/> (its own CA) and creating webhook configurations that point at it.
/// </summary>
internal sealed class WebhookInstaller : IAsyncDisposable
{
    public const string ValidatingConfigurationName = "harness-validating-webhooks";
    public const string MutatingConfigurationName = "harness-mutating-webhooks";

    private CertificateAuthority? _authority;
    private X509Certificate2? _servingCertificate;
    private AdmissionWebhookServer? _server;
    private IKubernetes? _client;

    public async Task InstallAsync(
        IApiServerBackend backend, IKubernetes client, WebhookInstallOptions options, TimeProvider timeProvider, Random random, CancellationToken cancellationToken)
    {
        if (options.Webhooks.Count == 0)
        {
            return;
        }

        if (!options.ServeOverHttps && backend is EmbeddedApiServerBackend { Core: { } core })
        {
            foreach (var webhook in options.Webhooks)
            {
                if (webhook.Mutating)
                {
                    core.RegisterMutatingAdmission(webhook.Name, webhook.Rules, webhook.Handler, webhook.FailurePolicy);
                }
                else
                {
                    core.RegisterValidatingAdmission(webhook.Name, webhook.Rules, webhook.Handler, webhook.FailurePolicy);
                }
            }

            return;
        }

        _authority = CertificateAuthority.Create("harness-webhook-ca", timeProvider, random);
        _servingCertificate = _authority.IssueServingCertificate(["localhost"], [IPAddress.Loopback]);
        _server = await AdmissionWebhookServer.StartAsync(
            options.Webhooks.ToDictionary(PathOf, webhook => webhook.Handler), _servingCertificate, cancellationToken);
        _client = client;
        var caBundle = Encoding.ASCII.GetBytes(_authority.CertificatePem);
        var timeoutSeconds = (int)Math.Ceiling(options.Timeout.TotalSeconds);

        var validating = options.Webhooks.Where(webhook => !webhook.Mutating).ToList();
        if (validating.Count > 0)
        {
            var configuration = new V1ValidatingWebhookConfiguration
            {
                ApiVersion = "admissionregistration.k8s.io/v1",
                Kind = "ValidatingWebhookConfiguration",
                Metadata = new V1ObjectMeta { Name = ValidatingConfigurationName },
                Webhooks = validating.Select(webhook => new V1ValidatingWebhook
                {
                    Name = webhook.Name,
                    ClientConfig = ClientConfig(webhook, caBundle),
                    Rules = Rules(webhook),
                    FailurePolicy = webhook.FailurePolicy.ToString(),
                    SideEffects = "None",
                    AdmissionReviewVersions = ["v1"],
                    TimeoutSeconds = timeoutSeconds,
                }).ToList(),
            };
            await CreateOrReplaceAsync(
                () => client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(configuration, cancellationToken: cancellationToken),
                async () =>
                {
                    var existing = await client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(ValidatingConfigurationName, cancellationToken: cancellationToken);
                    configuration.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
                    await client.AdmissionregistrationV1.ReplaceValidatingWebhookConfigurationAsync(configuration, ValidatingConfigurationName, cancellationToken: cancellationToken);
                });
        }

        var mutating = options.Webhooks.Where(webhook => webhook.Mutating).ToList();
        if (mutating.Count > 0)
        {
            var configuration = new V1MutatingWebhookConfiguration
            {
                ApiVersion = "admissionregistration.k8s.io/v1",
                Kind = "MutatingWebhookConfiguration",
                Metadata = new V1ObjectMeta { Name = MutatingConfigurationName },
                Webhooks = mutating.Select(webhook => new V1MutatingWebhook
                {
                    Name = webhook.Name,
                    ClientConfig = ClientConfig(webhook, caBundle),
                    Rules = Rules(webhook),
                    FailurePolicy = webhook.FailurePolicy.ToString(),
                    SideEffects = "None",
                    AdmissionReviewVersions = ["v1"],
                    TimeoutSeconds = timeoutSeconds,
                }).ToList(),
            };
            await CreateOrReplaceAsync(
                () => client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(configuration, cancellationToken: cancellationToken),
                async () =>
                {
                    var existing = await client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync(MutatingConfigurationName, cancellationToken: cancellationToken);
                    configuration.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
                    await client.AdmissionregistrationV1.ReplaceMutatingWebhookConfigurationAsync(configuration, MutatingConfigurationName, cancellationToken: cancellationToken);
                });
        }
    }

    /// <summary>Deletes the webhook configurations (the API server stops calling) and stops the webhook server.</summary>
    public async Task UninstallAsync(CancellationToken cancellationToken)
    {
        if (_client is { } client)
        {
            _client = null;
            await IgnoreNotFoundAsync(() => client.AdmissionregistrationV1.DeleteValidatingWebhookConfigurationAsync(ValidatingConfigurationName, cancellationToken: cancellationToken));
            await IgnoreNotFoundAsync(() => client.AdmissionregistrationV1.DeleteMutatingWebhookConfigurationAsync(MutatingConfigurationName, cancellationToken: cancellationToken));
        }

        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync();
        }

        _servingCertificate?.Dispose();
        _servingCertificate = null;
        _authority?.Dispose();
        _authority = null;
    }

    private static string PathOf(AdmissionWebhook webhook) => (webhook.Mutating ? "/mutate/" : "/validate/") + webhook.Name;

    private Admissionregistrationv1WebhookClientConfig ClientConfig(AdmissionWebhook webhook, byte[] caBundle) => new()
    {
        Url = new Uri(_server!.Url, PathOf(webhook)).ToString(),
        CaBundle = caBundle,
    };

    private static List<V1RuleWithOperations> Rules(AdmissionWebhook webhook) => webhook.Rules.Select(rule => new V1RuleWithOperations
    {
        Operations = rule.Operations.ToList(),
        ApiGroups = rule.ApiGroups.ToList(),
        ApiVersions = rule.ApiVersions.ToList(),
        Resources = rule.Resources.ToList(),
        Scope = rule.Scope,
    }).ToList();

    private static async Task CreateOrReplaceAsync(Func<Task> create, Func<Task> replace)
    {
        try
        {
            await create();
        }
        catch (HttpOperationException conflict) when (conflict.Response.StatusCode == HttpStatusCode.Conflict)
        {
            await replace();
        }
    }

    private static async Task IgnoreNotFoundAsync(Func<Task> delete)
    {
        try
        {
            await delete();
        }
        catch (HttpOperationException missing) when (missing.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }
}
