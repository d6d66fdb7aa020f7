using System.Net;
using Harness.EnvTest.Core;
using Harness.EnvTest.Http;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Security;

namespace Harness.EnvTest.Environment;

/// <summary>
/// The default backend: the harness's own API server core (<see cref="ApiServer"/>) served by
/// <see cref="ApiHttpsServer"/> on 127.0.0.1, with a CA made at start, a bearer token, and a kubeconfig holding both.
/// </summary>
public sealed class EmbeddedApiServerBackend(EmbeddedApiServerBackendOptions options) : IApiServerBackend
{
    private ApiServer? _ownedCore;
    private CertificateAuthority? _authority;
    private System.Security.Cryptography.X509Certificates.X509Certificate2? _servingCertificate;
    private TemporaryFolder? _folder;

    /// <inheritdoc />
    public string Name => "embedded";

    /// <summary>The HTTPS server, once started.</summary>
    public ApiHttpsServer? Server { get; private set; }

    /// <summary>The API server core behind the HTTPS front (once started), for in-process access and admission registration; null when a custom handler is served.</summary>
    public ApiServer? Core => _ownedCore ?? options.Handler as ApiServer;

    /// <inheritdoc />
    public async Task<ApiServerConnection> StartAsync(CancellationToken cancellationToken)
    {
        if (Server is not null)
        {
            throw new InvalidOperationException("the embedded API server is already running");
        }

        try
        {
            return await StartServingAsync(cancellationToken);
        }
        catch
        {
            await StopAsync(CancellationToken.None);
            throw;
        }
    }

    private async Task<ApiServerConnection> StartServingAsync(CancellationToken cancellationToken)
    {
        IApiHandler handler;
        if (options.Handler is { } given)
        {
            handler = given;
        }
        else
        {
            _ownedCore = new ApiServer(new ApiServerOptions { TimeProvider = options.TimeProvider, Seed = options.Seed });
            handler = _ownedCore;
        }

        _authority = CertificateAuthority.Create("harness-ca", options.TimeProvider, options.Random);
        _servingCertificate = _authority.IssueServingCertificate(["localhost"], [IPAddress.Loopback]);
        var token = BearerToken.Generate(options.Random);
        Server = await ApiHttpsServer.StartAsync(
            handler,
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

        var configuration = KubeconfigFile.Write(kubeconfigPath, Server.Url, _authority.CertificatePem, token);
        return new ApiServerConnection(configuration, kubeconfigPath);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
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
