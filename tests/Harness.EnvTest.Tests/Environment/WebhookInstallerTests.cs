using System.Net;
using Harness.EnvTest.Admission;
using Harness.EnvTest.Environment;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Tests.Environment;

public sealed class WebhookInstallerTests
{
    private static readonly AdmissionRule ConfigMapCreates = new(["CREATE"], [""], ["v1"], ["configmaps"], "Namespaced");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task StartAsync_ValidatingWebhook_DeniesThroughTheApiAndStoresNothing(bool serveOverHttps)
    {
        var handler = new DenyingAdmissionHandler();
        await using var environment = new TestEnvironment(new TestEnvironmentOptions
        {
            TimeProvider = TimeProvider.System,
            TaskFactory = Task.Factory,
            EnvironmentVariable = _ => null,
            CrdInstallOptions = new CrdInstallOptions { Crds = [] },
            WebhookInstallOptions = new WebhookInstallOptions
            {
                ServeOverHttps = serveOverHttps,
                Webhooks = [new AdmissionWebhook("configmap-names.harness.test", [ConfigMapCreates], handler)],
            },
        });
        await environment.StartAsync();
        var client = environment.Client;

        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "allowed" } }, "default");
        var denied = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "forbidden-one" } }, "default"));

        Assert.Equal(HttpStatusCode.Forbidden, denied.Response.StatusCode);
        Assert.Contains("admission webhook \\\"configmap-names.harness.test\\\" denied the request: forbidden-one is not allowed", denied.Response.Content);
        var names = (await client.CoreV1.ListNamespacedConfigMapAsync("default")).Items.Select(item => item.Metadata.Name);
        Assert.DoesNotContain("forbidden-one", names);
        Assert.Contains("allowed", names);
        Assert.Equal(["allowed", "forbidden-one"], handler.Reviewed.Select(request => request.Name));
        Assert.All(handler.Reviewed, request => Assert.Equal("CREATE", request.Operation));
        var configurations = await client.AdmissionregistrationV1.ListValidatingWebhookConfigurationAsync();
        if (serveOverHttps)
        {
            var webhook = Assert.Single(Assert.Single(configurations.Items).Webhooks);
            Assert.StartsWith("https://127.0.0.1:", webhook.ClientConfig.Url);
            Assert.EndsWith("/validate/configmap-names.harness.test", webhook.ClientConfig.Url);
            Assert.NotEmpty(webhook.ClientConfig.CaBundle);
        }
        else
        {
            Assert.Empty(configurations.Items);
        }
    }
}
