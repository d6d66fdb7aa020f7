using System.Text.Json.Nodes;
using Harness.EnvTest.Admission;
using Harness.EnvTest.Http;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Http;
using Harness.EnvTest.Tests.Serialization.GoStructs;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Admission;

/// <summary>
/// What a mutating webhook sees of a new object: kube calls it after decoding (defaults set) and the admission plugins, before
/// the registry's BeforeCreate, so without the strategy's status and data source copies, without uid.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class WebhookViewOnCreateIntegrationTests(ClusterFixture clusters)
{
    [SkippableTheory, Backends]
    public async Task Create_WebhookSeesTheDefaultedObjectBeforeTheStrategy(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        using var certificates = new TestServerCertificates();
        var recorder = new RecordingAdmissionHandler();
        await using var server = await AdmissionWebhookServer.StartAsync(
            new Dictionary<string, IAdmissionHandler> { ["/view"] = recorder }, certificates.Serving, CancellationToken.None);
        var configuration = "view-" + cluster.Namespace;
        await cluster.Client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(new V1MutatingWebhookConfiguration
        {
            Metadata = new V1ObjectMeta { Name = configuration },
            Webhooks =
            [
                new V1MutatingWebhook
                {
                    Name = "view.harness.test",
                    ClientConfig = new Admissionregistrationv1WebhookClientConfig { Url = new Uri(server.Url, "/view").ToString(), CaBundle = System.Text.Encoding.UTF8.GetBytes(certificates.Authority.CertificatePem) },
                    Rules = [new V1RuleWithOperations { ApiGroups = [""], ApiVersions = ["v1"], Resources = ["pods", "persistentvolumeclaims"], Operations = ["CREATE"], Scope = "*" }],
                    ObjectSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["view"] = cluster.Namespace } },
                    SideEffects = "None", AdmissionReviewVersions = ["v1"], FailurePolicy = "Fail", MatchPolicy = "Exact",
                },
            ],
        });
        try
        {
            var claim = await SeenAsync(cluster, recorder, "persistentvolumeclaims",
                """{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"c","labels":{"view":"NS"}},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},"dataSource":{"kind":"PersistentVolumeClaim","name":"src"}},"status":{"phase":"Bound"}}""");
            var pod = await SeenAsync(cluster, recorder, "pods",
                """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"view":"NS"}},"spec":{"containers":[{"name":"app","image":"busybox"}]},"status":{"phase":"Running"}}""");

            Assert.Equal(("Filesystem", false, "Bound"), ((string?)claim["spec"]!["volumeMode"], claim["spec"]!.AsObject().ContainsKey("dataSourceRef"), (string?)claim["status"]!["phase"]));
            Assert.Equal((2, 0, "Running", false), (pod["spec"]!["tolerations"]!.AsArray().Count, (int)pod["spec"]!["priority"]!, (string?)pod["status"]!["phase"], pod["status"]!.AsObject().ContainsKey("qosClass")));
            Assert.All([claim, pod], seen => Assert.False(seen["metadata"]!.AsObject().ContainsKey("uid")));
        }
        finally
        {
            await cluster.Client.AdmissionregistrationV1.DeleteMutatingWebhookConfigurationAsync(configuration);
        }
    }

    /// <summary>The object the webhook saw of a create (the webhook denies it); retried while kube-apiserver has not yet loaded the configuration.</summary>
    private static async Task<JsonObject> SeenAsync(ClusterScope cluster, RecordingAdmissionHandler recorder, string resource, string body)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (code, answer) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{cluster.Namespace}/{resource}", body.Replace("NS", cluster.Namespace, StringComparison.Ordinal));
            if (recorder.Objects.TryDequeue(out var seen))
            {
                return seen;
            }

            Assert.True(attempt < 50, $"the webhook never saw the {resource} create: {code} {answer}");
            await Task.Delay(200);
        }
    }
}
