using System.Text.Json.Nodes;
using Harness.Durations;
using Harness.EnvTest.Crds;
using k8s;

namespace Harness.EnvTest.Environment;

/// <summary>
/// A Kubernetes API server for tests and for <c>harness up</c>, shaped like controller-runtime's envtest:
/// <see cref="StartAsync"/> starts a backend, installs the CRDs, waits until they are served and Established,
/// installs the admission webhooks (in-process on the embedded core, over HTTPS elsewhere), and
/// yields a client configuration, a kubeconfig file and a ready <see cref="IKubernetes"/>;
/// <see cref="StopAsync"/> removes everything it made.
/// </summary>
/// <remarks>
/// Unless <see cref="TestEnvironmentOptions.Backend"/> is given, the backend is chosen from these environment variables:
/// <list type="bullet">
/// <item><c>USE_EXISTING_CLUSTER</c> (boolean): <c>true</c> uses the cluster of the kubeconfig named by <c>KUBECONFIG</c>
/// (its first entry; default <c>~/.kube/config</c>) through <see cref="ExistingClusterBackend"/>.</item>
/// <item><c>KUBEBUILDER_ASSETS</c> (folder): when it holds <c>etcd</c> and <c>kube-apiserver</c>, runs them through
/// <see cref="BinaryApiServerBackend"/>.</item>
/// <item><c>TEST_ASSET_KUBE_APISERVER</c>, <c>TEST_ASSET_ETCD</c> (paths): the binaries to use instead of those in
/// <c>KUBEBUILDER_ASSETS</c>.</item>
/// <item><c>KUBEBUILDER_CONTROLPLANE_START_TIMEOUT</c>, <c>KUBEBUILDER_CONTROLPLANE_STOP_TIMEOUT</c> (Go durations such as
/// <c>20s</c>): how long each binary may take to start or stop; default 20 s each.</item>
/// <item><c>KUBEBUILDER_ATTACH_CONTROL_PLANE_OUTPUT</c> (boolean): <c>true</c> copies the binaries' output to this process's.</item>
/// </list>
/// Otherwise the embedded API server (<see cref="EmbeddedApiServerBackend"/>) runs in this process: the default.
/// </remarks>
public sealed class TestEnvironment : IAsyncDisposable
{
    private readonly TestEnvironmentOptions _options;
    private readonly WebhookInstaller _webhooks = new();
    private ApiServerConnection? _connection;
    private Kubernetes? _client;
    private IReadOnlyList<string> _installedCrds = [];

    /// <summary>Prepares an environment; nothing starts before <see cref="StartAsync"/>.</summary>
    public TestEnvironment(TestEnvironmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Backend = _options.Backend ?? SelectBackend(_options);
    }

    /// <summary>The backend this environment runs.</summary>
    public IApiServerBackend Backend { get; }

    /// <summary>The client configuration (after <see cref="StartAsync"/>).</summary>
    public KubernetesClientConfiguration Configuration => Connection.Configuration;

    /// <summary>The absolute path of the kubeconfig file (after <see cref="StartAsync"/>).</summary>
    public string KubeconfigPath => Connection.KubeconfigPath;

    /// <summary>A client for the running server (after <see cref="StartAsync"/>).</summary>
    public IKubernetes Client => _client ?? throw new InvalidOperationException("the environment is not started");

    private ApiServerConnection Connection => _connection ?? throw new InvalidOperationException("the environment is not started");

    /// <summary>Chooses the backend from the environment variables documented on <see cref="TestEnvironment"/>.</summary>
    public static IApiServerBackend SelectBackend(TestEnvironmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var variable = options.EnvironmentVariable;
        if (IsTrue(variable(TestEnvironmentVariables.UseExistingCluster)))
        {
            return new ExistingClusterBackend(ExistingClusterBackend.DefaultKubeconfigPath(variable));
        }

        if (BinaryOptions(options) is { } binary)
        {
            return new BinaryApiServerBackend(binary);
        }

        return new EmbeddedApiServerBackend(new EmbeddedApiServerBackendOptions
        {
            Handler = options.EmbeddedHandler,
            Front = options.EmbeddedFront,
            Seed = options.Seed,
            Port = options.Port,
            KubeconfigPath = options.KubeconfigPath,
            TimeProvider = options.TimeProvider,
            TaskFactory = options.TaskFactory,
            Random = new Random(options.Seed),
            LoggerFactory = options.LoggerFactory,
        });
    }

    /// <summary>
    /// The binary backend's options when <c>KUBEBUILDER_ASSETS</c> (or the <c>TEST_ASSET_*</c> variables) name
    /// existing <c>etcd</c> and <c>kube-apiserver</c> binaries; otherwise null.
    /// </summary>
    public static BinaryApiServerBackendOptions? BinaryOptions(TestEnvironmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var variable = options.EnvironmentVariable;
        var assets = variable(TestEnvironmentVariables.KubebuilderAssets);
        var apiServer = NonEmpty(variable(TestEnvironmentVariables.KubeApiServerBinary)) ?? (assets is null ? null : Path.Combine(assets, "kube-apiserver"));
        var etcd = NonEmpty(variable(TestEnvironmentVariables.EtcdBinary)) ?? (assets is null ? null : Path.Combine(assets, "etcd"));
        if (apiServer is null || etcd is null || !File.Exists(apiServer) || !File.Exists(etcd))
        {
            return null;
        }

        return new BinaryApiServerBackendOptions
        {
            EtcdPath = etcd,
            KubeApiServerPath = apiServer,
            StartTimeout = Duration(variable, TestEnvironmentVariables.StartTimeout) ?? TimeSpan.FromSeconds(20),
            StopTimeout = Duration(variable, TestEnvironmentVariables.StopTimeout) ?? TimeSpan.FromSeconds(20),
            AttachOutput = IsTrue(variable(TestEnvironmentVariables.AttachControlPlaneOutput)),
            KubeconfigPath = options.KubeconfigPath,
            TimeProvider = options.TimeProvider,
            TaskFactory = options.TaskFactory,
            Random = new Random(options.Seed),
            LoggerFactory = options.LoggerFactory,
        };
    }

    /// <summary>Starts the backend, installs the CRDs and waits for them; returns the client configuration.</summary>
    public async Task<KubernetesClientConfiguration> StartAsync(CancellationToken cancellationToken = default)
    {
        if (_connection is not null)
        {
            throw new InvalidOperationException("the environment is already started");
        }

        try
        {
            _connection = await Backend.StartAsync(
                async (client, token) =>
                {
                    var crds = _options.CrdInstallOptions.Crds is { } given
                        ? given.Select(crd => JsonNode.Parse(KubernetesJson.Serialize(crd))!.AsObject()).ToArray()
                        : CrdManifests.ReadAllJson();
                    await CrdInstaller.InstallAsync(client, crds, token);
                    _installedCrds = crds.Select(CrdInstaller.NameOf).ToArray();
                    await CrdInstaller.WaitForCrdsAsync(client, crds, _options.CrdInstallOptions, _options.TimeProvider, token);
                    if (_options.Dump.Count > 0)
                    {
                        var core = (Backend as EmbeddedApiServerBackend)?.Core
                            ?? throw new NotSupportedException($"a dump loads only into the embedded API server, not into the {Backend.Name} backend");
                        core.Load(_options.Dump);
                    }
                },
                cancellationToken);
            _client = _connection.ReadyClient ?? new Kubernetes(_connection.Configuration);
            await _webhooks.InstallAsync(
                Backend, _client, _options.WebhookInstallOptions, _options.TimeProvider, new Random(unchecked((_options.Seed * 31) + 7)), cancellationToken);
            return _connection.Configuration;
        }
        catch
        {
            await StopAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>Uninstalls the CRDs when asked to, then stops the backend and removes what it made.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_client is { } client)
        {
            await _webhooks.UninstallAsync(cancellationToken);
            if (_options.CrdInstallOptions.CleanUpAfterUse)
            {
                await CrdInstaller.UninstallAsync(client, _installedCrds, cancellationToken);
            }

            if (client != _connection?.ReadyClient)
            {
                client.Dispose();
            }

            _client = null;
        }

        _installedCrds = [];
        _connection = null;
        await Backend.StopAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        await _webhooks.DisposeAsync();
        await Backend.DisposeAsync();
    }

    private static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static TimeSpan? Duration(Func<string, string?> variable, string name)
        => NonEmpty(variable(name)) is not { } text ? null
            : GoDuration.TryParse(text.Trim(), out var duration) ? duration
            : throw new FormatException($"{name}={text} is not a duration (examples: 20s, 1m30s, 500ms)");
}
