using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Channels;
using Harness.EnvTest.Http;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Security;

namespace Harness.EnvTest.Tests.Http;

public sealed class ApiHttpsServerTests : IAsyncLifetime
{
    private const string UnauthorizedBody =
        """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}""" + "\n";

    private readonly TestServerCertificates _certificates = new();
    private readonly RecordingApiHandler _handler = new();
    private readonly BearerToken _token = BearerToken.Generate(new Random(7));
    private ApiHttpsServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ApiHttpsServer.StartAsync(
            _handler, new ApiHttpsServerOptions { ServingCertificate = _certificates.Serving, Token = _token }, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificates.Dispose();
    }

    [Fact]
    public void StartAsync_DefaultPort_ListensOnEphemeralLoopbackPort()
    {
        Assert.Equal("https", _server.Url.Scheme);
        Assert.Equal("127.0.0.1", _server.Url.Host);
        Assert.True(_server.Port > 0);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task Request_MissingOrWrongToken_Returns401StatusAndNeverReachesHandler(string? token)
    {
        using var client = _certificates.CreateClient(_server.Url, token);

        using var response = await client.PostAsync(
            "/api/v1/namespaces", new StringContent("""{"metadata":{"name":"x"}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(UnauthorizedBody, await response.Content.ReadAsStringAsync());
        Assert.Empty(_handler.Requests);
    }

    [Fact]
    public async Task Request_BasicAuthInsteadOfBearer_Returns401()
    {
        using var client = _certificates.CreateClient(_server.Url, null);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", _token.Value);

        using var response = await client.GetAsync("/api");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_handler.Requests);
    }

    [Fact]
    public async Task Request_ValidToken_MapsMethodPathQueryHeadersAndBody()
    {
        using var client = _certificates.CreateClient(_server.Url, _token.Value);
        using var message = new HttpRequestMessage(
            HttpMethod.Patch,
            "/apis/kubevirt.io/v1/namespaces/kubevirt/kubevirts/kubevirt?fieldManager=kubectl%20patch&dryRun=All&dryRun=None&labelSelector=a%3Db")
        {
            Content = new StringContent("""{"spec":{}}""", Encoding.UTF8, "application/merge-patch+json"),
        };
        message.Headers.TryAddWithoutValidation("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io");
        message.Headers.TryAddWithoutValidation("User-Agent", "kubectl/v1.32.4 (linux/amd64) kubernetes/abc");

        using var response = await client.SendAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = Assert.Single(_handler.Requests);
        Assert.Equal("PATCH", request.Method);
        Assert.Equal("/apis/kubevirt.io/v1/namespaces/kubevirt/kubevirts/kubevirt", request.Path);
        Assert.Equal("kubectl patch", request.Query["fieldManager"]);
        Assert.Equal("All", request.Query["dryRun"]);
        Assert.Equal("a=b", request.Query["labelSelector"]);
        Assert.Equal("application/merge-patch+json; charset=utf-8", request.ContentType);
        Assert.Equal("application/json;as=Table;v=v1;g=meta.k8s.io", request.Accept);
        Assert.Equal("""{"spec":{}}""", Encoding.UTF8.GetString(request.Body.Span));
        Assert.Equal("kubectl/v1.32.4 (linux/amd64) kubernetes/abc", request.UserAgent);
        Assert.Equal("system:admin", request.User);
    }

    [Fact]
    public async Task Request_LowerCaseBearerScheme_IsAccepted()
    {
        using var client = _certificates.CreateClient(_server.Url, null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "bearer " + _token.Value);

        using var response = await client.GetAsync("/version");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Request_GetWithoutBody_HasEmptyBodyAndNoContentType()
    {
        using var client = _certificates.CreateClient(_server.Url, _token.Value);

        using var response = await client.GetAsync("/api/v1/namespaces");

        var request = Assert.Single(_handler.Requests);
        Assert.Equal("GET", request.Method);
        Assert.True(request.Body.IsEmpty);
        Assert.Null(request.ContentType);
        Assert.Empty(request.Query);
    }

    [Fact]
    public async Task Response_Buffered_CopiesStatusContentTypeAndBody_JsonEndingInANewline()
    {
        _handler.Respond = _ => new BufferedApiResponse(
            404, "application/json", Encoding.UTF8.GetBytes("""{"kind":"Status","code":404}"""));
        using var client = _certificates.CreateClient(_server.Url, _token.Value);

        using var response = await client.GetAsync("/api/v1/namespaces/missing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"kind":"Status","code":404}""" + "\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_OverThreeMebibytes_Returns413AndNeverReachesHandler()
    {
        using var client = _certificates.CreateClient(_server.Url, _token.Value);
        var body = new byte[HttpApiConstants.MaxRequestBodyBytes + 1];

        using var response = await client.PostAsync("/api/v1/namespaces/default/configmaps", new ByteArrayContent(body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("\"reason\":\"RequestEntityTooLarge\"", await response.Content.ReadAsStringAsync());
        Assert.Empty(_handler.Requests);
    }

    [Fact]
    public async Task Request_Http2_IsServed()
    {
        using var client = _certificates.CreateClient(_server.Url, _token.Value, HttpVersion.Version20);

        using var response = await client.GetAsync("/api");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task Watch_FramesProduced_AreDeliveredOneByOneBeforeTheStreamEnds(string version)
    {
        var frames = Channel.CreateUnbounded<string>();
        _handler.Respond = _ => new StreamingApiResponse("application/json", RecordingApiHandler.ReadFrames(frames.Reader));
        using var client = _certificates.CreateClient(_server.Url, _token.Value, Version.Parse(version));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        using var response = await client.GetAsync("/api/v1/namespaces?watch=true", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        await frames.Writer.WriteAsync("""{"type":"ADDED","object":{"kind":"Namespace"}}""", timeout.Token);
        var first = await reader.ReadLineAsync(timeout.Token);
        await frames.Writer.WriteAsync("""{"type":"DELETED","object":{"kind":"Namespace"}}""", timeout.Token);
        var second = await reader.ReadLineAsync(timeout.Token);
        frames.Writer.Complete();
        var end = await reader.ReadLineAsync(timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentLength);
        Assert.Equal("""{"type":"ADDED","object":{"kind":"Namespace"}}""", first);
        Assert.Equal("""{"type":"DELETED","object":{"kind":"Namespace"}}""", second);
        Assert.Null(end);
    }

    [Fact]
    public async Task StopAsync_WatchOpen_EndsTheWatchStream()
    {
        var frames = Channel.CreateUnbounded<string>();
        _handler.Respond = _ => new StreamingApiResponse("application/json", RecordingApiHandler.ReadFrames(frames.Reader));
        using var client = _certificates.CreateClient(_server.Url, _token.Value);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await client.GetAsync("/api/v1/pods?watch=true", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        await frames.Writer.WriteAsync("""{"type":"ADDED","object":{}}""", timeout.Token);
        Assert.NotNull(await reader.ReadLineAsync(timeout.Token));

        await _server.StopAsync(timeout.Token);

        // The stream ends with its last chunk; on a loaded machine Kestrel's closing of the connection can overtake
        // that chunk and the client sees the connection reset instead. Either way nothing more arrives.
        var end = await Record.ExceptionAsync(async () => Assert.Null(await reader.ReadLineAsync(timeout.Token)));
        Assert.True(end is null or IOException, end?.ToString());
    }

    [Fact]
    public async Task Tls_ClientTrustingOnlyTheCa_AcceptsTheServingCertificate()
    {
        using var other = new TestServerCertificates(seed: 2);
        using var trusting = _certificates.CreateClient(_server.Url, _token.Value);
        using var distrusting = other.CreateClient(_server.Url, _token.Value);

        using var ok = await trusting.GetAsync("/api");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => distrusting.GetAsync("/api"));
    }

    [Fact]
    public async Task StartAsync_CertificateWithoutPrivateKey_ThrowsArgumentException()
    {
        using var publicOnly = X509CertificateLoader.LoadCertificate(_certificates.Serving.RawData);

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => ApiHttpsServer.StartAsync(_handler, new ApiHttpsServerOptions { ServingCertificate = publicOnly, Token = _token }, CancellationToken.None));

        Assert.Contains("no private key", error.Message);
    }
}
