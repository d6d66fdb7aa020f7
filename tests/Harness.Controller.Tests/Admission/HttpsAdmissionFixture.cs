using Harness.Controller.Admission;
using Harness.Reconciling;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Controller.Tests.Admission;

/// <summary>
/// The admission served as the controller process serves it: HTTPS on 127.0.0.1 with its own CA, registered in a
/// ValidatingWebhookConfiguration (<c>clientConfig.url</c>, <c>caBundle</c>) that the API server calls.
/// </summary>
public abstract class HttpsAdmissionFixture : AdmissionFixture
{
    private WebhookCertificates? certificates;
    private WebhookServer? server;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        certificates?.Dispose();
    }

    protected override async Task InstallAsync(IKubernetes client)
    {
        var endpoints = SnapshotWebhooks.Endpoints(client);
        certificates = WebhookCertificates.Create("admission-test-ca", TimeProvider.System, new Random(7));
        server = await WebhookServer.StartAsync(
            endpoints.ToDictionary(endpoint => endpoint.Path, endpoint => endpoint.Reviewer), certificates.Serving, 0, NullLogger.Instance, CancellationToken.None);
        await new ValidatingWebhookRegistration(client, SnapshotWebhooks.ConfigurationName, endpoints, server.Url, certificates.CaBundle).WriteAsync(CancellationToken.None);
    }
}
