using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Harness.Api.Snapshots;
using Harness.Controller.Admission;
using Harness.Controller.Tests.Admission;
using Harness.EnvTest.Environment;
using k8s;
using k8s.Autorest;

namespace Harness.Controller.Tests.Hosting;

/// <summary><c>harness-controller</c> as its own process against the embedded API server over HTTPS.</summary>
public sealed class ControllerProcessTests(ControllerClusterFixture fixture) : IClassFixture<ControllerClusterFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("harness-controller-test-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Start_KubeconfigMissing_SaysSoAndExitsOne()
    {
        using var controller = new ControllerProcessRunner("--kubeconfig", Path.Combine(folder, "missing"));

        var (exitCode, error) = await controller.ExitAsync();

        Assert.Equal(1, exitCode);
        Assert.Equal($"harness-controller: cannot use the kubeconfig {Path.Combine(folder, "missing")}: kubeconfig file not found at {Path.Combine(folder, "missing")}\n", error);
    }

    [Fact]
    public async Task Start_ServerUnreachable_SaysSoAndExitsOne()
    {
        var port = FreePort();
        var kubeconfig = Path.Combine(folder, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, $$$"""
            apiVersion: v1
            kind: Config
            clusters: [{name: c, cluster: {server: "https://127.0.0.1:{{{port}}}", insecure-skip-tls-verify: true}}]
            users: [{name: u, user: {token: t}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x
            """);
        using var controller = new ControllerProcessRunner("--kubeconfig", kubeconfig);

        var (exitCode, error) = await controller.ExitAsync();

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"harness-controller: cannot reach the API server at https://127.0.0.1:{port}", error);
        Assert.Contains("Connection refused", error);
    }

    [Fact]
    public async Task Start_WaitingForACluster_StartsOnceItsKubeconfigAndApiServerAreThere()
    {
        var kubeconfig = Path.Combine(folder, "kubeconfig");
        using var controller = new ControllerProcessRunner("--kubeconfig", kubeconfig, "--wait-for-cluster", "60s");
        await controller.WaitForAsync($"Waiting up to 1m0s for the cluster: no kubeconfig at {Regex.Escape(kubeconfig)} yet");

        await using var environment = new TestEnvironment(new TestEnvironmentOptions
        {
            TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, EnvironmentVariable = _ => null, KubeconfigPath = kubeconfig,
        });
        await environment.StartAsync();

        await controller.WaitForAsync("Started controllers");
    }

    [Fact]
    public async Task Start_WaitingForACluster_ServesHealthzButIsNotReady()
    {
        using var controller = new ControllerProcessRunner("--kubeconfig", Path.Combine(folder, "kubeconfig"), "--wait-for-cluster", "60s", "--metrics-port", "0");
        var monitoring = await controller.UrlAsync("/metrics");
        await controller.WaitForAsync("Waiting up to 1m0s for the cluster");
        using var http = new HttpClient { BaseAddress = monitoring };

        Assert.Equal("ok", await http.GetStringAsync("/healthz"));
        using var readyz = await http.GetAsync("/readyz");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "starting"), (readyz.StatusCode, await readyz.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Start_WaitedLongEnough_SaysWhatWasMissingAndExitsOne()
    {
        using var controller = new ControllerProcessRunner("--kubeconfig", Path.Combine(folder, "missing"), "--wait-for-cluster", "300ms");

        var (exitCode, error) = await controller.ExitAsync();

        Assert.Equal(1, exitCode);
        Assert.Equal($"harness-controller: cannot use the kubeconfig {Path.Combine(folder, "missing")}: kubeconfig file not found at {Path.Combine(folder, "missing")}\n", error);
        Assert.Contains("Waiting up to 300ms for the cluster", controller.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CrdsMissing_NamesThemAndExitsOne()
    {
        await using var bare = new TestEnvironment(new TestEnvironmentOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, EnvironmentVariable = _ => null, CrdInstallOptions = new CrdInstallOptions { Crds = [] } });
        await bare.StartAsync();
        using var controller = new ControllerProcessRunner("--kubeconfig", bare.KubeconfigPath);

        var (exitCode, error) = await controller.ExitAsync();

        Assert.Equal(1, exitCode);
        Assert.Equal(
            $"harness-controller: the API server at {bare.Configuration.Host} lacks the CustomResourceDefinitions virtualmachinesnapshots.snapshot.kubevirt.io, "
            + "virtualmachinesnapshotcontents.snapshot.kubevirt.io, virtualmachinerestores.snapshot.kubevirt.io, virtualmachines.kubevirt.io; install KubeVirt's CRDs first\n",
            error);
    }

    [Theory]
    [InlineData("--metrics-port")]
    [InlineData("--webhook-port")]
    public async Task Start_PortInUse_SaysWhichAndExitsOneLeavingNothingBehind(string flag)
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var controller = new ControllerProcessRunner(
            "--kubeconfig", fixture.Environment.KubeconfigPath, "--metrics-port", flag == "--metrics-port" ? $"{port}" : "0", flag == "--webhook-port" ? "--webhook-port" : "--namespace", flag == "--webhook-port" ? $"{port}" : "default");

        var (exitCode, error) = await controller.ExitAsync();

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"harness-controller: cannot listen on 127.0.0.1:{port} ({flag}):", error);
        await AssertNoWebhookConfigurationAsync();
    }

    [Fact]
    public async Task Start_BadArguments_SaysWhatIsWrongAndExitsNonZero()
    {
        using var controller = new ControllerProcessRunner("--metrics-port", "eighty", "--leader-elect-retry-period", "soon");

        var (exitCode, error) = await controller.ExitAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Option '--kubeconfig' is required.", error);
        Assert.Contains("--metrics-port must be a number from 0 to 65535, not 'eighty'", error);
        Assert.Contains("--leader-elect-retry-period must be a positive Go duration such as 15s or 500ms, not 'soon'", error);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("six")]
    [InlineData("1025")]
    public async Task Start_BadWorkers_SaysWhatIsWrongAndExitsNonZero(string workers)
    {
        using var controller = new ControllerProcessRunner("--kubeconfig", Path.Combine(folder, "kubeconfig"), "--workers", workers);

        var (exitCode, error) = await controller.ExitAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"--workers must be a number from 1 to 1024, not '{workers}'", error);
    }

    [Fact]
    public async Task Run_ServesProbesMetricsAndTheWebhooks_AndOnSigtermUnregistersAndExitsZero()
    {
        using var controller = new ControllerProcessRunner("--kubeconfig", fixture.Environment.KubeconfigPath, "--metrics-port", "0", "--webhook-port", "0", "--workers", "3");
        var monitoring = await controller.UrlAsync("/metrics");
        await controller.WaitForAsync("Registered ValidatingWebhookConfiguration harness-snapshot-validator");
        await controller.WaitForAsync(Regex.Escape("Started controllers restored-claims-metric, freeze-duration-metric, snapshot, restore (3 workers per snapshot and restore queue)"));
        using var http = new HttpClient { BaseAddress = monitoring };
        var world = new SnapshotWorld(fixture.Client, await fixture.NewNamespaceAsync());

        Assert.Equal("ok", await http.GetStringAsync("/healthz"));
        Assert.Equal("ok", await http.GetStringAsync("/readyz"));
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("# TYPE controller_runtime_reconcile_total counter", metrics);
        Assert.Contains("# TYPE kubevirt_vmsnapshot_succeeded_timestamp_seconds gauge", metrics);
        Assert.Contains("# TYPE kubevirt_vmsnapshot_freeze_duration_seconds histogram", metrics);
        Assert.Contains("# TYPE kubevirt_vmsnapshot_persistentvolumeclaim_labels gauge", metrics);
        await AdmissionAssert.InvalidAsync(
            SnapshotWebhooks.SnapshotWebhookName,
            () => world.CreateAsync(SnapshotApi.SnapshotPlural, SnapshotWorld.Snapshot("snap", "larry", apiGroup: "apps")),
            ("FieldValueInvalid", "spec.source.apiGroup", "invalid apiGroup"));

        controller.Signal("TERM");
        var (exitCode, error) = await controller.ExitAsync();

        Assert.Equal((0, ""), (exitCode, error));
        await AssertNoWebhookConfigurationAsync();
        await world.CreateAsync(SnapshotApi.SnapshotPlural, SnapshotWorld.Snapshot("snap", "larry", apiGroup: "apps"));
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync("/healthz"));
    }

    private async Task AssertNoWebhookConfigurationAsync()
    {
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() =>
            fixture.Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(SnapshotWebhooks.ConfigurationName));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
