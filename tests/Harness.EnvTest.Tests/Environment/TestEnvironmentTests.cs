using k8s;
using k8s.Models;
using Harness.EnvTest.Core;
using Harness.EnvTest.Environment;
using Harness.EnvTest.Tests.Http;

namespace Harness.EnvTest.Tests.Environment;

[Trait("EmbeddedOnly", "tests how TestEnvironment picks and configures a backend, not an API server")]
public sealed class TestEnvironmentTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("harness-env-test-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void SelectBackend_NoVariables_ChoosesEmbedded()
    {
        var backend = TestEnvironment.SelectBackend(Options(new Dictionary<string, string>()));

        Assert.IsType<EmbeddedApiServerBackend>(backend);
        Assert.Equal("embedded", backend.Name);
    }

    [Fact]
    public void SelectBackend_UseExistingClusterTrue_ChoosesExistingClusterWithFirstKubeconfigEntry()
    {
        var kubeconfig = Path.Combine(_folder, "config");
        var backend = TestEnvironment.SelectBackend(Options(new()
        {
            ["USE_EXISTING_CLUSTER"] = "True",
            ["KUBECONFIG"] = kubeconfig + Path.PathSeparator + "/elsewhere/config",
        }));

        var existing = Assert.IsType<ExistingClusterBackend>(backend);
        Assert.Equal(kubeconfig, existing.KubeconfigPath);
    }

    [Fact]
    public async Task StartAsync_ExistingClusterWithoutKubeconfig_SaysWhichFileIsMissing()
    {
        var missing = Path.Combine(_folder, "absent");
        await using var environment = new TestEnvironment(Options(new() { ["USE_EXISTING_CLUSTER"] = "true", ["KUBECONFIG"] = missing }));

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => environment.StartAsync());

        Assert.Contains(missing, error.Message);
        Assert.Contains("KUBECONFIG", error.Message);
    }

    [Fact]
    public void SelectBackend_AssetsFolderWithBothBinaries_ChoosesBinaryWithTimeoutsFromVariables()
    {
        File.WriteAllText(Path.Combine(_folder, "etcd"), string.Empty);
        File.WriteAllText(Path.Combine(_folder, "kube-apiserver"), string.Empty);

        var options = TestEnvironment.BinaryOptions(Options(new()
        {
            ["KUBEBUILDER_ASSETS"] = _folder,
            ["KUBEBUILDER_CONTROLPLANE_START_TIMEOUT"] = "1m30s",
            ["KUBEBUILDER_CONTROLPLANE_STOP_TIMEOUT"] = "500ms",
            ["KUBEBUILDER_ATTACH_CONTROL_PLANE_OUTPUT"] = "true",
        }));

        Assert.NotNull(options);
        Assert.Equal(Path.Combine(_folder, "etcd"), options.EtcdPath);
        Assert.Equal(Path.Combine(_folder, "kube-apiserver"), options.KubeApiServerPath);
        Assert.Equal(TimeSpan.FromSeconds(90), options.StartTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.StopTimeout);
        Assert.True(options.AttachOutput);
        Assert.IsType<BinaryApiServerBackend>(TestEnvironment.SelectBackend(Options(new() { ["KUBEBUILDER_ASSETS"] = _folder })));
    }

    [Fact]
    public void SelectBackend_AssetsFolderWithoutKubeApiServer_FallsBackToEmbedded()
    {
        File.WriteAllText(Path.Combine(_folder, "etcd"), string.Empty);

        var backend = TestEnvironment.SelectBackend(Options(new() { ["KUBEBUILDER_ASSETS"] = _folder }));

        Assert.IsType<EmbeddedApiServerBackend>(backend);
        Assert.False(BinaryApiServerBackend.AssetsPresent(_folder, out var reason));
        Assert.Equal($"{_folder} holds no kube-apiserver", reason);
    }

    [Fact]
    public void SelectBackend_BadTimeout_NamesTheVariable()
    {
        File.WriteAllText(Path.Combine(_folder, "etcd"), string.Empty);
        File.WriteAllText(Path.Combine(_folder, "kube-apiserver"), string.Empty);

        var error = Assert.Throws<FormatException>(() => TestEnvironment.SelectBackend(Options(new()
        {
            ["KUBEBUILDER_ASSETS"] = _folder,
            ["KUBEBUILDER_CONTROLPLANE_START_TIMEOUT"] = "twenty seconds",
        })));

        Assert.Contains("KUBEBUILDER_CONTROLPLANE_START_TIMEOUT=twenty seconds", error.Message);
    }

    [Fact]
    public async Task StartAsync_Embedded_WritesKubeconfigThatReachesTheServerAndStopRemovesIt()
    {
        var handler = new RecordingApiHandler();
        var environment = new TestEnvironment(Options(new Dictionary<string, string>(), handler));

        var configuration = await environment.StartAsync();
        var kubeconfig = environment.KubeconfigPath;
        var version = await environment.Client.Version.GetCodeAsync();
        await environment.StopAsync();

        Assert.StartsWith("https://127.0.0.1:", configuration.Host);
        Assert.NotNull(version);
        Assert.Equal(["/readyz", "/version/"], handler.Requests.Select(request => request.Path));
        Assert.False(File.Exists(kubeconfig));
        Assert.False(Directory.Exists(Path.GetDirectoryName(kubeconfig)));
    }

    [Fact]
    public async Task StartAsync_TypedCrdAlreadyInstalled_ReplacesSpecAndLabelsAndCleanUpDeletesIt()
    {
        await using var core = new ApiServer(new ApiServerOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, Seed = 3 });
        var crd = CrdInstallOptions.HarnessCrds().Single(c => c.Metadata.Name == "volumesnapshotclasses.snapshot.storage.k8s.io");
        var older = KubernetesJson.Deserialize<V1CustomResourceDefinition>(KubernetesJson.Serialize(crd));
        older.Spec.Names.ShortNames = ["oldclass"];
        older.Metadata.Labels = new Dictionary<string, string> { ["release"] = "old" };
        await using (var first = new TestEnvironment(CoreOptions(core, new CrdInstallOptions { Crds = [older] })))
        {
            await first.StartAsync();
        }

        await using var second = new TestEnvironment(CoreOptions(core, new CrdInstallOptions { Crds = [crd], CleanUpAfterUse = true }));
        await second.StartAsync();
        var installed = await second.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd.Metadata.Name);
        await second.StopAsync();
        await using var third = new TestEnvironment(CoreOptions(core, new CrdInstallOptions { Crds = [] }));
        await third.StartAsync();
        var remaining = await third.Client.ApiextensionsV1.ListCustomResourceDefinitionAsync();

        Assert.Equal(["vsclass", "vsclasses"], installed.Spec.Names.ShortNames);
        Assert.Null(installed.Metadata.Labels);
        Assert.Contains(installed.Status.Conditions, condition => condition.Type == "Established" && condition.Status == "True");
        Assert.DoesNotContain(remaining.Items, item => item.Metadata.Name == crd.Metadata.Name && item.Metadata.DeletionTimestamp is null);
    }

    private static TestEnvironmentOptions CoreOptions(ApiServer core, CrdInstallOptions crds) => new()
    {
        TimeProvider = TimeProvider.System,
        TaskFactory = Task.Factory,
        EnvironmentVariable = _ => null,
        EmbeddedHandler = core,
        CrdInstallOptions = crds,
    };

    private static TestEnvironmentOptions Options(Dictionary<string, string> variables, RecordingApiHandler? handler = null) => new()
    {
        TimeProvider = TimeProvider.System,
        TaskFactory = Task.Factory,
        EnvironmentVariable = name => variables.GetValueOrDefault(name),
        EmbeddedHandler = handler ?? new RecordingApiHandler(),
        CrdInstallOptions = new CrdInstallOptions { Crds = [] },
    };
}
