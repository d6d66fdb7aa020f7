using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Harness.EnvTest.Admission;
using Harness.EnvTest.Http;
using Harness.EnvTest.Tests.Environment;

namespace Harness.EnvTest.Tests.Http;

public sealed class AdmissionWebhookServerTests : IAsyncLifetime
{
    private readonly TestServerCertificates _certificates = new();
    private readonly DenyingAdmissionHandler _handler = new();
    private AdmissionWebhookServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await AdmissionWebhookServer.StartAsync(
            new Dictionary<string, IAdmissionHandler> { ["/validate/names.harness.test"] = _handler }, _certificates.Serving, CancellationToken.None);
        _client = _certificates.CreateClient(_server.Url, token: null);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        _certificates.Dispose();
    }

    [Fact]
    public async Task Post_AdmissionReview_AnswersTheHandlersVerdictWithTheRequestUid()
    {
        var review = new AdmissionReview
        {
            Request = new AdmissionRequest { Uid = "7b2c", Name = "forbidden-x", Namespace = "default", Operation = "CREATE" },
        };

        using var response = await _client.PostAsJsonAsync("/validate/names.harness.test", review);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("admission.k8s.io/v1", body["apiVersion"]!.GetValue<string>());
        Assert.Equal("AdmissionReview", body["kind"]!.GetValue<string>());
        Assert.Equal("7b2c", body["response"]!["uid"]!.GetValue<string>());
        Assert.False(body["response"]!["allowed"]!.GetValue<bool>());
        Assert.Equal("forbidden-x is not allowed", body["response"]!["status"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_MalformedJson_Returns400WithoutCallingTheHandler()
    {
        using var response = await _client.PostAsync("/validate/names.harness.test", new StringContent("{\"request\":", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("malformed AdmissionReview", await response.Content.ReadAsStringAsync());
        Assert.Empty(_handler.Reviewed);
    }

    [Fact]
    public async Task Post_ReviewWithoutRequest_Returns400()
    {
        using var response = await _client.PostAsync("/validate/names.harness.test", new StringContent("{\"kind\":\"AdmissionReview\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_handler.Reviewed);
    }

    [Fact]
    public async Task Request_UnknownPathOrNotPost_Returns404Or405()
    {
        using var unknown = await _client.PostAsync("/validate/other", new StringContent("{}"));
        using var get = await _client.GetAsync("/validate/names.harness.test");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
    }
}
