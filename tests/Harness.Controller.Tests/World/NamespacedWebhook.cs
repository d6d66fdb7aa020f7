using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Harness.EnvTest.Admission;
using Harness.EnvTest.Http;
using Harness.EnvTest.Security;
using k8s;
using k8s.Models;

namespace Harness.Controller.Tests.World;

/// <summary>
/// A test's admission handler served as an HTTPS validating webhook (its own CA) and registered with a
/// ValidatingWebhookConfiguration whose namespace selector keeps it to one namespace, so that the cases sharing a live
/// control plane do not see each other's webhooks. Disposed, the configuration is deleted and the server stopped.
/// </summary>
internal sealed class NamespacedWebhook : IAsyncDisposable
{
    private const string Path = "/validate";
    private readonly IKubernetes client;
    private readonly string configuration;
    private readonly CertificateAuthority authority;
    private readonly X509Certificate2 serving;
    private readonly AdmissionWebhookServer server;

    private NamespacedWebhook(IKubernetes client, string configuration, CertificateAuthority authority, X509Certificate2 serving, AdmissionWebhookServer server)
    {
        this.client = client;
        this.configuration = configuration;
        this.authority = authority;
        this.serving = serving;
        this.server = server;
    }

    public static async Task<NamespacedWebhook> StartAsync(IKubernetes client, string @namespace, string name, IReadOnlyList<AdmissionRule> rules, IAdmissionHandler handler)
    {
        var authority = CertificateAuthority.Create($"{name}-ca", TimeProvider.System, new Random(7));
        var serving = authority.IssueServingCertificate(["localhost"], [IPAddress.Loopback]);
        var server = await AdmissionWebhookServer.StartAsync(new Dictionary<string, IAdmissionHandler> { [Path] = handler }, serving, CancellationToken.None);
        var webhook = new NamespacedWebhook(client, $"{@namespace}-{name}", authority, serving, server);
        await client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(new V1ValidatingWebhookConfiguration
        {
            Metadata = new V1ObjectMeta { Name = webhook.configuration },
            Webhooks =
            [
                new V1ValidatingWebhook
                {
                    Name = name,
                    ClientConfig = new Admissionregistrationv1WebhookClientConfig
                    {
                        Url = new Uri(server.Url, Path).ToString(),
                        CaBundle = Encoding.ASCII.GetBytes(authority.CertificatePem),
                    },
                    Rules = [.. rules.Select(rule => new V1RuleWithOperations
                    {
                        Operations = [.. rule.Operations],
                        ApiGroups = [.. rule.ApiGroups],
                        ApiVersions = [.. rule.ApiVersions],
                        Resources = [.. rule.Resources],
                        Scope = rule.Scope,
                    })],
                    NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = @namespace } },
                    FailurePolicy = "Fail",
                    SideEffects = "None",
                    AdmissionReviewVersions = ["v1"],
                },
            ],
        });
        return webhook;
    }

    public async ValueTask DisposeAsync()
    {
        await client.AdmissionregistrationV1.DeleteValidatingWebhookConfigurationAsync(configuration);
        await server.DisposeAsync();
        serving.Dispose();
        authority.Dispose();
    }
}
