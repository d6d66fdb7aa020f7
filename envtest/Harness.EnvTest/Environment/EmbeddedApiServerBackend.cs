using System.Net;
using System.Net.Http.Headers;
using Harness.EnvTest.Core;
using Harness.EnvTest.Http;
using Harness.EnvTest.InProcess;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Security;
using k8s;

namespace Harness.EnvTest.Environment;

/// <summary>
/// The default backend: the harness's own API server core (<see cref="ApiServer"/>) served by
/// <see cref="ApiHttpsServer"/> on 127.0.0.1, with a CA made at start, a bearer token, and a kubeconfig holding both.
/// </summary>
public sealed class EmbeddedApiServerBackend(EmbeddedApiServerBackendOptions options) : IApiServerBackend
{
    private const string InProcessHost = "http://apiserver.in-process";

    private ApiServer? _ownedCore;
    private Kubernetes? _readyClient;
    private CertificateAuthority? _authority;
    private System.Security.Cryptography.X509Certificates.X509Certificate2? _servingCertificate;
    private TemporaryFolder? _folder;
    private BearerToken? _token;

    /// <inheritdoc />
    public string Name => "embedded";

    /// <summary>The HTTPS server, once started.</summary>
    public ApiHttpsServer? Server { get; private set; }

    /// <summary>The API server core behind the HTTPS front (once started), for in-process access and admission registration; null when a custom handler is served.</summary>
    public ApiServer? Core => _ownedCore ?? options.Handler as ApiServer;

    /// <inheritdoc />
    public Task<ApiServerConnection> StartAsync(CancellationToken cancellationToken) => StartAsync(null, cancellationToken);

    /// <summary>
    /// Builds the core and runs <paramref name="prepare"/> against it in-process while the CA, the HTTPS front and a
    /// <c>/readyz</c> probe with the new kubeconfig's credentials run beside them (started through
    /// <see cref="EmbeddedApiServerBackendOptions.TaskFactory"/>): on two cores a first start takes the longer of the two,
    /// not their sum. The kubeconfig file is written once the front listens and <paramref name="prepare"/> is done, so
    /// that a process waiting for it (<c>harness up</c>'s controller) finds a ready server and starts its first request
    /// while the probe may still run; the start ends once the probe answered too. The garbage collector and the namespace controller start once both are done, as
    /// kube-controller-manager joins a ready kube-apiserver, so that their first discovery already sees what
    /// <paramref name="prepare"/> installed.
    /// </summary>
    public async Task<ApiServerConnection> StartAsync(Func<IKubernetes, CancellationToken, Task>? prepare, CancellationToken cancellationToken)
    {
        if (Server is not null)
        {
            throw new InvalidOperationException("the embedded API server is already running");
        }

        var core = new TaskCompletionSource<IApiHandler>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            var serving = options.TaskFactory.StartNew(() => ServeAsync(core.Task, cancellationToken)).Unwrap();
            try
            {
                var served = options.Handler ?? (_ownedCore = new ApiServer(new ApiServerOptions
                {
                    TimeProvider = options.TimeProvider,
                    TaskFactory = options.TaskFactory,
                    Seed = options.Seed,
                    RunControllers = false,
                }));
                var handler = options.Front is { } front ? front(served) : served;
                core.SetResult(handler);
                if (prepare is not null)
                {
                    using var inProcess = new Kubernetes(new KubernetesClientConfiguration { Host = InProcessHost }, new ApiServerMessageHandler(handler));
                    await prepare(inProcess, cancellationToken);
                }
            }
            catch
            {
                core.TrySetCanceled(CancellationToken.None);
                await Task.WhenAny(serving);
                if (serving.IsCompletedSuccessfully)
                {
                    await Task.WhenAny((await serving).Probed);
                }

                throw;
            }

            var (connection, probed) = await serving;
            KubeconfigFile.Write(connection.KubeconfigPath, Server!.Url, _authority!.CertificatePem, _token!);
            try
            {
                await probed;
            }
            catch
            {
                File.Delete(connection.KubeconfigPath);
                throw;
            }

            _ownedCore?.StartControllers();
            return connection;
        }
        catch
        {
            await StopAsync(CancellationToken.None);
            throw;
        }
    }

    Task<ApiServerConnection> IApiServerBackend.StartAsync(Func<IKubernetes, CancellationToken, Task> prepare, CancellationToken cancellationToken)
        => StartAsync(prepare, cancellationToken);

    /// <summary>The connection once the HTTPS front listens, and the <c>/readyz</c> probe through it, still running.</summary>
    private async Task<(ApiServerConnection Connection, Task Probed)> ServeAsync(Task<IApiHandler> core, CancellationToken cancellationToken)
    {
        _authority = CertificateAuthority.Create("harness-ca", options.TimeProvider, options.Random);
        _servingCertificate = _authority.IssueServingCertificate(["localhost"], [IPAddress.Loopback]);
        var token = BearerToken.Generate(options.Random);
        Server = await ApiHttpsServer.StartAsync(
            core,
            new ApiHttpsServerOptions
            {
                Port = options.Port,
                ServingCertificate = _servingCertificate,
                Token = token,
                LoggerFactory = options.LoggerFactory,
            },
            cancellationToken);

        string kubeconfigPath;
        if (options.KubeconfigPath is { } path)
        {
            kubeconfigPath = Path.GetFullPath(path);
        }
        else
        {
            _folder = TemporaryFolder.Create("harness-embedded-");
            kubeconfigPath = Path.Combine(_folder.Path, "kubeconfig");
        }

        _token = token;
        var configuration = KubeconfigFile.Configuration(Server.Url, _authority.CertificatePem, token);
        _readyClient = new Kubernetes(configuration);
        var probed = WaitUntilReadyAsync(_readyClient, configuration.AccessToken, cancellationToken);
        return (new ApiServerConnection(configuration, kubeconfigPath) { ReadyClient = _readyClient }, probed);
    }

    // The kubeconfig's own CA and token must work before the start is done (a failed probe takes the kubeconfig away again).
    // The probe speaks HTTP/2, as KubernetesClient's own requests do, so that the connection it leaves open is the one they reuse.
    private static async Task WaitUntilReadyAsync(Kubernetes client, string token, CancellationToken cancellationToken)
    {
        using var probe = new HttpRequestMessage(HttpMethod.Get, new Uri(client.BaseUri, "readyz")) { Version = HttpVersion.Version20 };
        probe.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.HttpClient.SendAsync(probe, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"the embedded API server's /readyz answered {(int)response.StatusCode}: {body}");
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _readyClient?.Dispose();
        _readyClient = null;
        if (Server is { } server)
        {
            Server = null;
            await server.DisposeAsync();
        }

        if (_ownedCore is { } core)
        {
            _ownedCore = null;
            await core.DisposeAsync();
        }

        _folder?.Dispose();
        _folder = null;
        _servingCertificate?.Dispose();
        _servingCertificate = null;
        _authority?.Dispose();
        _authority = null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);
}
