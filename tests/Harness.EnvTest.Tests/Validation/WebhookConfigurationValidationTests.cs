using Harness.EnvTest.Tests.Backends;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Validation;

/// <summary>Admission webhook configuration validation (admissionregistration.k8s.io/v1), on both backends.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WebhookConfigurationValidationTests(ClusterFixture clusters)
{
    [SkippableTheory, Backends]
    public async Task CreateValidating_BadWebhooks_ListsKubesErrors(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var configuration = new V1ValidatingWebhookConfiguration
        {
            Metadata = new V1ObjectMeta { Name = cluster.UniqueName("hooks") },
            Webhooks =
            [
                new V1ValidatingWebhook { Name = "bad", ClientConfig = new Admissionregistrationv1WebhookClientConfig(), SideEffects = "Some", AdmissionReviewVersions = ["v2"] },
                new V1ValidatingWebhook
                {
                    Name = "a.b.c", FailurePolicy = "Maybe", MatchPolicy = "Loose", TimeoutSeconds = 31, SideEffects = "None", AdmissionReviewVersions = ["v1"],
                    ClientConfig = new Admissionregistrationv1WebhookClientConfig { Url = "https://x/p", Service = new Admissionregistrationv1ServiceReference { Name = "s", NamespaceProperty = "n" } },
                },
                new V1ValidatingWebhook { Name = "a.b.c", ClientConfig = new Admissionregistrationv1WebhookClientConfig { Url = "http://x/p" } },
            ],
        };

        await ValidationAssert.InvalidAsync(
            () => cluster.Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(configuration),
            "webhooks[0].name: Invalid value: \"bad\": should be a domain with at least three segments separated by dots",
            "webhooks[0].sideEffects: Unsupported value: \"Some\": supported values: \"None\", \"NoneOnDryRun\"",
            "webhooks[0].clientConfig: Required value: exactly one of url or service is required",
            "webhooks[0].admissionReviewVersions: Invalid value: []string{\"v2\"}: must include at least one of v1, v1beta1",
            "webhooks[1].failurePolicy: Unsupported value: \"Maybe\": supported values: \"Fail\", \"Ignore\"",
            "webhooks[1].matchPolicy: Unsupported value: \"Loose\": supported values: \"Equivalent\", \"Exact\"",
            "webhooks[1].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds",
            "webhooks[1].clientConfig: Required value: exactly one of url or service is required",
            "webhooks[2].sideEffects: Required value: must specify one of None, NoneOnDryRun",
            "webhooks[2].clientConfig.url: Invalid value: \"http\": 'https' is the only allowed URL scheme; desired format: https://host[/path]",
            "webhooks[2].admissionReviewVersions: Required value: must specify one of v1, v1beta1",
            "webhooks[2].name: Duplicate value: \"a.b.c\"");
    }

    [SkippableTheory, Backends]
    public async Task CreateMutating_BadReinvocationPolicy_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var configuration = new V1MutatingWebhookConfiguration
        {
            Metadata = new V1ObjectMeta { Name = cluster.UniqueName("hooks") },
            Webhooks =
            [
                new V1MutatingWebhook
                {
                    Name = "a.b.c", SideEffects = "None", AdmissionReviewVersions = ["v1"], ReinvocationPolicy = "Always",
                    ClientConfig = new Admissionregistrationv1WebhookClientConfig { Url = "https://x/p" },
                },
            ],
        };

        await ValidationAssert.InvalidAsync(
            () => cluster.Client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(configuration),
            "webhooks[0].reinvocationPolicy: Unsupported value: \"Always\": supported values: \"IfNeeded\", \"Never\"");
    }
}
