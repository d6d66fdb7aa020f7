using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Harness.EnvTest.Security;

namespace Harness.EnvTest.Environment;

/// <summary>
/// A real <c>etcd</c> and <c>kube-apiserver</c>, started as controller-runtime's envtest starts them: a temporary
/// data folder, a CA and serving certificate made at start, a service-account key pair, a token-auth file whose
/// one user is in <c>system:masters</c>, loopback ports, RBAC authorization; ready when <c>/readyz</c> answers 200.
/// kube-apiserver alone collects no garbage and finalizes no namespace, so the backend runs the harness's
/// <see cref="GarbageCollection.GarbageCollector"/> and <see cref="Namespaces.NamespaceController"/> against it.
/// </summary>
public sealed class BinaryApiServerBackend(BinaryApiServerBackendOptions options) : IApiServerBackend
{
    private TemporaryFolder? _folder;
    private ControlPlaneProcess? _etcd;
    private ControlPlaneProcess? _apiServer;
    private CertificateAuthority? _authority;
    private ClusterControllers? _controllers;

    /// <inheritdoc />
    public string Name => "binary";

    /// <summary>The CA that signed the API server's serving certificate (webhook servers can use it too).</summary>
    public CertificateAuthority Authority => _authority ?? throw new InvalidOperationException("the backend is not started");

    /// <summary>
    /// Whether <paramref name="assetsFolder"/> holds executable <c>etcd</c> and <c>kube-apiserver</c> files; when not,
    /// <paramref name="reason"/> says what is missing.
    /// </summary>
    public static bool AssetsPresent(string? assetsFolder, out string reason)
    {
        if (string.IsNullOrWhiteSpace(assetsFolder))
        {
            reason = "KUBEBUILDER_ASSETS is not set";
            return false;
        }

        var missing = new[] { "etcd", "kube-apiserver" }.Where(binary => !File.Exists(Path.Combine(assetsFolder, binary))).ToList();
        reason = missing.Count == 0 ? string.Empty : $"{assetsFolder} holds no {string.Join(" and no ", missing)}";
        return missing.Count == 0;
    }

    /// <inheritdoc />
    public async Task<ApiServerConnection> StartAsync(CancellationToken cancellationToken)
    {
        if (_folder is not null)
        {
            throw new InvalidOperationException("the binary API server is already running");
        }

        _folder = TemporaryFolder.Create("harness-kube-apiserver-");
        try
        {
            return await StartControlPlaneAsync(_folder.Path, cancellationToken);
        }
        catch
        {
            await StopAsync(CancellationToken.None);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_controllers is { } controllers)
        {
            _controllers = null;
            await controllers.DisposeAsync();
        }

        var errors = new List<Exception>();
        foreach (var process in new[] { _apiServer, _etcd })
        {
            if (process is null)
            {
                continue;
            }

            try
            {
                await process.StopAsync(options.StopTimeout, options.TimeProvider);
            }
            catch (TimeoutException timeout)
            {
                errors.Add(timeout);
            }

            await process.DisposeAsync();
        }

        _apiServer = null;
        _etcd = null;
        _folder?.Dispose();
        _folder = null;
        _authority?.Dispose();
        _authority = null;
        if (errors.Count > 0)
        {
            throw new AggregateException("the control plane did not stop cleanly", errors);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private async Task<ApiServerConnection> StartControlPlaneAsync(string folder, CancellationToken cancellationToken)
    {
        var etcdPorts = LoopbackPort.Suggest(2);
        var (etcdPort, etcdPeerPort) = (etcdPorts[0], etcdPorts[1]);
        // etcd refuses a URL with a path, and Uri's text ends in "/": the flags take the bare text.
        var etcdUrl = $"http://127.0.0.1:{etcdPort}";
        var dataFolder = Directory.CreateDirectory(Path.Combine(folder, "etcd")).FullName;
        _etcd = ControlPlaneProcess.Start(
            options.EtcdPath,
            [
                $"--data-dir={dataFolder}",
                $"--listen-client-urls={etcdUrl}",
                $"--advertise-client-urls={etcdUrl}",
                $"--listen-peer-urls=http://127.0.0.1:{etcdPeerPort}",
                "--unsafe-no-fsync=true",
            ],
            folder,
            options.AttachOutput);
        using (var etcdClient = new HttpClient())
        {
            await WaitHealthyAsync(_etcd, etcdClient, new Uri($"{etcdUrl}/health"), cancellationToken);
        }

        var certificates = Directory.CreateDirectory(Path.Combine(folder, "certs")).FullName;
        _authority = CertificateAuthority.Create("harness-envtest-ca", options.TimeProvider, options.Random);
        using var serving = _authority.IssueServingCertificate(["localhost"], [IPAddress.Loopback]);
        await WritePemAsync(Path.Combine(certificates, "apiserver.crt"), serving.ExportCertificatePem(), cancellationToken);
        await WritePemAsync(Path.Combine(certificates, "apiserver.key"), serving.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem(), cancellationToken);
        using var serviceAccountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await WritePemAsync(Path.Combine(certificates, "sa.pub"), serviceAccountKey.ExportSubjectPublicKeyInfoPem(), cancellationToken);
        await WritePemAsync(Path.Combine(certificates, "sa.key"), serviceAccountKey.ExportPkcs8PrivateKeyPem(), cancellationToken);
        var token = BearerToken.Generate(options.Random);
        await WritePemAsync(Path.Combine(certificates, "tokens.csv"), $"{token.Value},harness-admin,harness-admin,\"system:masters\"\n", cancellationToken);

        var securePort = LoopbackPort.Suggest();
        var server = new Uri($"https://127.0.0.1:{securePort}");
        _apiServer = ControlPlaneProcess.Start(
            options.KubeApiServerPath,
            [
                $"--etcd-servers={etcdUrl}",
                $"--cert-dir={certificates}",
                $"--tls-cert-file={Path.Combine(certificates, "apiserver.crt")}",
                $"--tls-private-key-file={Path.Combine(certificates, "apiserver.key")}",
                $"--secure-port={securePort}",
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                "--service-cluster-ip-range=10.0.0.0/24",
                "--allow-privileged=true",
                // StorageObjectInUseProtection's finalizers need kube-controller-manager's pvc- and pv-protection controllers to go
                // again, which the harness does not run: off, as in the embedded server, so that deleted claims and volumes go.
                "--disable-admission-plugins=ServiceAccount,StorageObjectInUseProtection",
                "--authorization-mode=RBAC",
                $"--token-auth-file={Path.Combine(certificates, "tokens.csv")}",
                $"--service-account-issuer={server}",
                $"--service-account-key-file={Path.Combine(certificates, "sa.pub")}",
                $"--service-account-signing-key-file={Path.Combine(certificates, "sa.key")}",
                .. options.ExtraApiServerFlags,
            ],
            folder,
            options.AttachOutput);

        using (var apiClient = CreateTrustingClient(_authority.Certificate, token))
        {
            await WaitHealthyAsync(_apiServer, apiClient, new Uri(server, "/readyz"), cancellationToken);
        }

        var kubeconfigPath = Path.GetFullPath(options.KubeconfigPath ?? Path.Combine(folder, "kubeconfig"));
        var configuration = KubeconfigFile.Write(kubeconfigPath, server, _authority.CertificatePem, token);
        _controllers = ClusterControllers.Start(configuration, options.TaskFactory, options.TimeProvider, new Random(options.Random.Next()));
        return new ApiServerConnection(configuration, kubeconfigPath);
    }

    private async Task WaitHealthyAsync(ControlPlaneProcess process, HttpClient client, Uri url, CancellationToken cancellationToken)
    {
        var deadline = options.TimeProvider.GetTimestamp() + (long)(options.StartTimeout.TotalSeconds * options.TimeProvider.TimestampFrequency);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited while starting: {await process.FinalOutputAsync()}");
            }

            try
            {
                using var response = await client.GetAsync(url, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (options.TimeProvider.GetTimestamp() > deadline)
            {
                throw new TimeoutException(
                    $"{process.Name} not healthy at {url} after {options.StartTimeout.TotalSeconds:0.#} s (KUBEBUILDER_CONTROLPLANE_START_TIMEOUT):\n{process.RecentOutput()}");
            }

            await Task.Delay(options.PollInterval, options.TimeProvider, cancellationToken);
        }
    }

    private static HttpClient CreateTrustingClient(X509Certificate2 authority, BearerToken token)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || errors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch))
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
        var client = new HttpClient(handler);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        return client;
    }

    private static Task WritePemAsync(string path, string text, CancellationToken cancellationToken)
        => File.WriteAllTextAsync(path, text, cancellationToken);
}
