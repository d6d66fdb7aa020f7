using System.Net;
using Harness.EnvTest.Admission;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Admission;

[Trait("EmbeddedOnly", "records the webhook calls through an in-process IWebhookCaller")]
public sealed class WebhookConfigurationIntegrationTests
{
    private sealed class RecordingCaller(Func<AdmissionReview, AdmissionResponse> answer) : IWebhookCaller
    {
        public List<(Uri Url, byte[]? CaBundle, TimeSpan Timeout, AdmissionReview Review)> Calls { get; } = [];

        public ValueTask<AdmissionReview> CallAsync(Uri url, byte[]? caBundle, AdmissionReview review, TimeSpan timeout, CancellationToken cancellationToken)
        {
            Calls.Add((url, caBundle, timeout, review));
            return ValueTask.FromResult(new AdmissionReview { Response = answer(review) });
        }
    }

    private static V1ValidatingWebhookConfiguration Configuration(string failurePolicy = "Fail") => new()
    {
        Metadata = new V1ObjectMeta { Name = "harness" },
        Webhooks =
        [
            new V1ValidatingWebhook
            {
                Name = "configmaps.harness.example.com",
                AdmissionReviewVersions = ["v1"],
                SideEffects = "None",
                FailurePolicy = failurePolicy,
                TimeoutSeconds = 7,
                ClientConfig = new Admissionregistrationv1WebhookClientConfig { Url = "https://127.0.0.1:9443/validate", CaBundle = "-----BEGIN CERTIFICATE-----"u8.ToArray() },
                Rules = [new V1RuleWithOperations { Operations = ["CREATE"], ApiGroups = [""], ApiVersions = ["v1"], Resources = ["configmaps"] }],
            },
        ],
    };

    [Fact]
    public async Task StoredValidatingWebhook_IsCalledWithTheReviewAndCanDeny()
    {
        var caller = new RecordingCaller(review => AdmissionResponse.Deny(review.Request!.Uid, "not today", 422, "Invalid"));
        await using var env = new InProcessServer(webhookCaller: caller);
        await env.Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(Configuration());

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () =>
            env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default"));

        Assert.Equal("admission webhook \"configmaps.harness.example.com\" denied the request: not today", status.Message);
        var call = Assert.Single(caller.Calls);
        Assert.Equal(new Uri("https://127.0.0.1:9443/validate"), call.Url);
        Assert.Equal(TimeSpan.FromSeconds(7), call.Timeout);
        Assert.Equal("-----BEGIN CERTIFICATE-----", System.Text.Encoding.ASCII.GetString(call.CaBundle!));
        Assert.Equal(("CREATE", "a"), (call.Review.Request!.Operation, call.Review.Request.Name));
        Assert.Empty((await env.Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items);
    }

    [Fact]
    public async Task StoredWebhook_UnreachableWithIgnore_IsSkipped()
    {
        var caller = new RecordingCaller(_ => throw new HttpRequestException("connection refused"));
        await using var env = new InProcessServer(webhookCaller: caller);
        await env.Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(Configuration("Ignore"));

        var created = await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");

        Assert.Equal("a", created.Metadata.Name);
        Assert.Single(caller.Calls);
    }

    private static V1ValidatingWebhookConfiguration Webhook(
        string resource = "configmaps", string group = "", string version = "v1", string sideEffects = "None", string? matchPolicy = null,
        V1LabelSelector? namespaceSelector = null, V1LabelSelector? objectSelector = null, Admissionregistrationv1WebhookClientConfig? clientConfig = null,
        string failurePolicy = "Fail") => new()
    {
        Metadata = new V1ObjectMeta { Name = "harness" },
        Webhooks =
        [
            new V1ValidatingWebhook
            {
                Name = "check.harness.example.com",
                AdmissionReviewVersions = ["v1"],
                SideEffects = sideEffects,
                FailurePolicy = failurePolicy,
                MatchPolicy = matchPolicy,
                NamespaceSelector = namespaceSelector,
                ObjectSelector = objectSelector,
                ClientConfig = clientConfig ?? new Admissionregistrationv1WebhookClientConfig { Url = "https://127.0.0.1:9443/validate" },
                Rules = [new V1RuleWithOperations { Operations = ["*"], ApiGroups = [group], ApiVersions = [version], Resources = [resource] }],
            },
        ],
    };

    private static RecordingCaller Denying() => new(review => AdmissionResponse.Deny(review.Request!.Uid, "no", 403, "Forbidden"));

    private static V1ConfigMap ConfigMap(string name, IDictionary<string, string>? labels = null) =>
        new() { Metadata = new V1ObjectMeta { Name = name, Labels = labels } };

    [Fact]
    public async Task NamespaceSelector_MatchesTheLabelsOfTheObjectsNamespace()
    {
        var caller = Denying();
        await using var env = new InProcessServer(webhookCaller: caller);
        await env.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "prod", Labels = new Dictionary<string, string> { ["env"] = "prod" } } });
        await env.Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(
            Webhook(namespaceSelector: new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["env"] = "prod" } }));

        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");
        var status = await ApiAssert.FailsAsync(HttpStatusCode.Forbidden, () => env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "prod"));

        Assert.Equal("admission webhook \"check.harness.example.com\" denied the request: no", status.Message);
        Assert.Equal("prod", Assert.Single(caller.Calls).Review.Request!.Namespace);
    }

    [Fact]
    public async Task NamespaceSelector_ForNamespacesUsesTheNamespaceItselfAndIgnoresOtherClusterScopedObjects()
    {
        var caller = Denying();
        await using var env = new InProcessServer(webhookCaller: caller);
        var selector = new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "env", OperatorProperty = "In", Values = ["prod"] }] };
        await env.Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(Webhook(resource: "*", group: "*", version: "*", namespaceSelector: selector));

        await env.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "dev", Labels = new Dictionary<string, string> { ["env"] = "dev" } } });
        await ApiAssert.FailsAsync(HttpStatusCode.Forbidden, () =>
            env.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "prod", Labels = new Dictionary<string, string> { ["env"] = "prod" } } }));
        await ApiAssert.FailsAsync(HttpStatusCode.Forbidden, () =>
            env.Client.StorageV1.CreateStorageClassAsync(new V1StorageClass { Metadata = new V1ObjectMeta { Name = "fast" }, Provisioner = "csi.example.com" }));

        Assert.Equal(["prod", "fast"], caller.Calls.Select(c => c.Review.Request!.Name));
    }

    [Fact]
    public async Task ObjectSelector_MatchesTheNewOrTheOldObject()
    {
        var caller = Denying();
        await using var env = new InProcessServer(webhookCaller: caller);
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("guarded", new Dictionary<string, string> { ["guard"] = "on" }), "default");
        await env.Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(
            Webhook(objectSelector: new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["guard"] = "on" } }));

        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("free"), "default");
        await ApiAssert.FailsAsync(HttpStatusCode.Forbidden, () => env.Client.CoreV1.ReplaceNamespacedConfigMapAsync(ConfigMap("guarded"), "guarded", "default"));

        var call = Assert.Single(caller.Calls);
        Assert.Equal(("UPDATE", "guarded"), (call.Review.Request!.Operation, call.Review.Request.Name));
    }

    [Fact]
    public async Task DryRun_WebhookWithNoneOnDryRun_IsCalledWithDryRun()
    {
        var caller = new RecordingCaller(review => AdmissionResponse.Allow(review.Request!.Uid));
        await using var env = new InProcessServer(webhookCaller: caller);
        await env.Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(Webhook(sideEffects: "NoneOnDryRun"));

        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", dryRun: "All");

        Assert.True(Assert.Single(caller.Calls).Review.Request!.DryRun);
        Assert.Empty((await env.Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items);
    }

    [Fact]
    public async Task MatchPolicyEquivalent_RuleForAnotherServedVersion_IsCalledWithThatVersion()
    {
        var caller = Denying();
        await using var env = new InProcessServer(webhookCaller: caller);
        await Crds.WidgetCrd.InstallAsync(env.Client);
        await env.Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(Webhook(resource: "widgets", group: "example.com", version: "v1beta1"));

        await ApiAssert.FailsAsync(HttpStatusCode.Forbidden, () => Crds.WidgetCrd.Client(env.Client).CreateNamespacedAsync(
            new Crds.Widget { Metadata = new V1ObjectMeta { Name = "w1" }, Spec = new System.Text.Json.Nodes.JsonObject { ["color"] = "red" } }, "default"));

        var request = Assert.Single(caller.Calls).Review.Request!;
        Assert.Equal(("v1beta1", "v1"), (request.Kind.Version, request.RequestKind!.Version));
        Assert.Equal(("v1beta1", "v1"), (request.Resource.Version, request.RequestResource!.Version));
        Assert.Equal("example.com/v1beta1", request.Object!["apiVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task MatchPolicyExact_RuleForAnotherServedVersion_IsNotCalled()
    {
        var caller = Denying();
        await using var env = new InProcessServer(webhookCaller: caller);
        await Crds.WidgetCrd.InstallAsync(env.Client);
        await env.Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(Webhook(resource: "widgets", group: "example.com", version: "v1beta1", matchPolicy: "Exact"));

        await Crds.WidgetCrd.Client(env.Client).CreateNamespacedAsync(
            new Crds.Widget { Metadata = new V1ObjectMeta { Name = "w1" }, Spec = new System.Text.Json.Nodes.JsonObject { ["color"] = "red" } }, "default");

        Assert.Empty(caller.Calls);
    }

    [Fact]
    public async Task ServiceClientConfig_FailurePolicyFail_FailsAsAnUnreachableService()
    {
        var caller = Denying();
        await using var env = new InProcessServer(webhookCaller: caller);
        var service = new Admissionregistrationv1WebhookClientConfig { Service = new Admissionregistrationv1ServiceReference { Name = "guard", NamespaceProperty = "kube-system", Path = "/validate" } };
        await env.Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(Webhook(clientConfig: service));

        var status = await ApiAssert.FailsAsync(HttpStatusCode.InternalServerError, () => env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default"));

        Assert.Equal(
            "Internal error occurred: failed calling webhook \"check.harness.example.com\": failed to call webhook: Post \"https://guard.kube-system.svc:443/validate?timeout=10s\": service \"guard\" not found",
            status.Message);
        Assert.Empty(caller.Calls);
    }

    [Fact]
    public async Task ServiceClientConfig_FailurePolicyIgnore_AdmitsTheRequest()
    {
        await using var env = new InProcessServer(webhookCaller: Denying());
        var service = new Admissionregistrationv1WebhookClientConfig { Service = new Admissionregistrationv1ServiceReference { Name = "guard", NamespaceProperty = "kube-system", Port = 8443 } };
        await env.Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(Webhook(clientConfig: service, failurePolicy: "Ignore"));

        var created = await env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");

        Assert.Equal("a", created.Metadata.Name);
    }

    [Fact]
    public async Task UrlClientConfig_TransportFailureWithFail_NamesTheUrlAndTimeout()
    {
        var caller = new RecordingCaller(_ => throw new HttpRequestException("Connection refused (127.0.0.1:9443)"));
        await using var env = new InProcessServer(webhookCaller: caller);
        var webhook = Webhook();
        webhook.Webhooks[0].TimeoutSeconds = 3;
        await env.Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(webhook);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.InternalServerError, () => env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default"));

        Assert.Equal(
            "Internal error occurred: failed calling webhook \"check.harness.example.com\": failed to call webhook: Post \"https://127.0.0.1:9443/validate?timeout=3s\": Connection refused (127.0.0.1:9443)",
            status.Message);
        Assert.Equal(TimeSpan.FromSeconds(3), Assert.Single(caller.Calls).Timeout);
    }
}
