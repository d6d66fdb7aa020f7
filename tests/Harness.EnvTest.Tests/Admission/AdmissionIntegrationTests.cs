using System.Net;
using System.Text;
using Harness.EnvTest.Admission;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Admission;

[Trait("EmbeddedOnly", "registers in-process IAdmissionHandlers, which only the embedded server takes")]
public sealed class AdmissionIntegrationTests
{
    private static readonly AdmissionRule ConfigMapWrites = new(["CREATE", "UPDATE"], [""], ["v1"], ["configmaps"], "Namespaced");

    private sealed class Handler(Func<AdmissionRequest, AdmissionResponse> review) : IAdmissionHandler
    {
        public List<AdmissionRequest> Seen { get; } = [];

        public ValueTask<AdmissionResponse> ReviewAsync(AdmissionRequest request, CancellationToken cancellationToken)
        {
            Seen.Add(request);
            return ValueTask.FromResult(review(request));
        }
    }

    [Fact]
    public async Task Validating_Denial_AnswersKubeMessageAndStoresNothing()
    {
        await using var env = new InProcessServer();
        var handler = new Handler(r => AdmissionResponse.Deny(r.Uid, "configmaps named forbidden are not allowed"));
        env.Server.RegisterValidatingAdmission("deny.example.com", [ConfigMapWrites], handler);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.Forbidden, () =>
            env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "forbidden" } }, "default"));

        Assert.Equal("admission webhook \"deny.example.com\" denied the request: configmaps named forbidden are not allowed", status.Message);
        var request = Assert.Single(handler.Seen);
        Assert.Equal(("CREATE", "default", "forbidden", "configmaps"), (request.Operation, request.Namespace, request.Name, request.Resource.Resource));
        Assert.Equal("ConfigMap", request.Object!["kind"]!.GetValue<string>());
        Assert.Empty((await env.Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items);
    }

    [Fact]
    public async Task Validating_DenialWithoutCode_Answers400WithoutExplanation()
    {
        await using var env = new InProcessServer();
        env.Server.RegisterValidatingAdmission("quiet.example.com", [ConfigMapWrites], new Handler(r => new AdmissionResponse { Uid = r.Uid, Allowed = false }));

        var status = await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, () =>
            env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default"));

        Assert.Equal("admission webhook \"quiet.example.com\" denied the request without explanation", status.Message);
    }

    [Fact]
    public async Task Mutating_JsonPatch_IsAppliedBeforeValidation()
    {
        await using var env = new InProcessServer();
        var patch = Convert.ToBase64String(Encoding.UTF8.GetBytes("[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"mutated\":\"yes\"}}]"));
        env.Server.RegisterMutatingAdmission("label.example.com", [ConfigMapWrites], new Handler(r => new AdmissionResponse { Uid = r.Uid, Allowed = true, Patch = patch, PatchType = "JSONPatch" }));
        var validator = new Handler(r => AdmissionResponse.Allow(r.Uid));
        env.Server.RegisterValidatingAdmission("check.example.com", [ConfigMapWrites], validator);

        var created = await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");

        Assert.Equal("yes", created.Metadata.Labels["mutated"]);
        Assert.Equal("yes", Assert.Single(validator.Seen).Object!["metadata"]!["labels"]!["mutated"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rules_OtherResourceOrOperation_NotCalled()
    {
        await using var env = new InProcessServer();
        var handler = new Handler(r => AdmissionResponse.Deny(r.Uid, "no"));
        env.Server.RegisterValidatingAdmission("secrets.example.com", [new AdmissionRule(["DELETE"], [""], ["v1"], ["secrets"])], handler);

        await env.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "s" } }, "default");
        await ApiAssert.FailsAsync(HttpStatusCode.Forbidden, () => env.Client.CoreV1.DeleteNamespacedSecretAsync("s", "default"));

        Assert.Equal("DELETE", Assert.Single(handler.Seen).Operation);
        Assert.Single((await env.Client.CoreV1.ListNamespacedSecretAsync("default")).Items);
    }

    [Fact]
    public async Task FailurePolicy_IgnoreSkipsFailingHandler_FailRejects()
    {
        await using var env = new InProcessServer();
        env.Server.RegisterValidatingAdmission("broken.example.com", [ConfigMapWrites], new Handler(_ => throw new InvalidOperationException("down")), AdmissionFailurePolicy.Ignore);
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");
        env.Server.RegisterValidatingAdmission("strict.example.com", [ConfigMapWrites], new Handler(_ => throw new InvalidOperationException("down")));

        var status = await ApiAssert.FailsAsync(HttpStatusCode.InternalServerError, () =>
            env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "b" } }, "default"));

        Assert.Equal("Internal error occurred: failed calling webhook \"strict.example.com\": down", status.Message);
    }
}
