using System.Net;
using Harness.EnvTest.Admission;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Admission;

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
}
