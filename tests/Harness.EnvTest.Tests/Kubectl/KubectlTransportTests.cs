using System.Text;
using Harness.EnvTest.Environment;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Tests.Http;

namespace Harness.EnvTest.Tests.Kubectl;

/// <summary>kubectl reaches the HTTPS front through the generated kubeconfig: CA, server URL and token.</summary>
[Trait("EmbeddedOnly", "tests the kubeconfig and HTTPS front of the embedded server")]
public sealed class KubectlTransportTests : IAsyncLifetime
{
    private readonly RecordingApiHandler _handler = new()
    {
        Respond = _ => new BufferedApiResponse(200, "application/json", Encoding.UTF8.GetBytes("""{"major":"1","minor":"32","gitVersion":"v1.32.0-harness"}""")),
    };

    private TestEnvironment _environment = null!;

    public async Task InitializeAsync()
    {
        _environment = new TestEnvironment(new TestEnvironmentOptions
        {
            TimeProvider = TimeProvider.System,
            TaskFactory = Task.Factory,
            EmbeddedHandler = _handler,
            EnvironmentVariable = _ => null,
            CrdInstallOptions = new CrdInstallOptions { Crds = [] },
        });
        await _environment.StartAsync();
        Assert.Equal("/readyz", Assert.Single(_handler.Requests).Path);
        _handler.Requests.Clear();
    }

    public async Task DisposeAsync() => await _environment.DisposeAsync();

    [Fact]
    public async Task GetRaw_GeneratedKubeconfig_ReachesTheHandlerOverTls()
    {
        var result = await new Kubectl(_environment.KubeconfigPath).RunAsync("get --raw /version");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("v1.32.0-harness", result.Output);
        Assert.Equal(string.Empty, result.Error);
        Assert.NotEmpty(_handler.Requests);
        Assert.All(_handler.Requests, request => Assert.Equal("/version", request.Path));
    }

    [Fact]
    public async Task GetRaw_WrongToken_FailsUnauthorizedAndNeverReachesTheHandler()
    {
        var tampered = Path.Combine(Path.GetDirectoryName(_environment.KubeconfigPath)!, "tampered");
        var text = await File.ReadAllTextAsync(_environment.KubeconfigPath);
        await File.WriteAllTextAsync(tampered, text.Replace(_environment.Configuration.AccessToken!, "not-the-token"));

        var result = await new Kubectl(tampered).RunAsync("get --raw /version");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Unauthorized", result.Error);
        Assert.Empty(_handler.Requests);
    }
}
