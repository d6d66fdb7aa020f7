using k8s;

namespace Harness.EnvTest.Environment;

/// <summary>
/// A cluster that already runs (<c>USE_EXISTING_CLUSTER=true</c>), reached through a kubeconfig:
/// the given path, else the first file of <c>KUBECONFIG</c>, else <c>~/.kube/config</c>. Stopping leaves the cluster alone.
/// </summary>
public sealed class ExistingClusterBackend(string kubeconfigPath, string? context = null) : IApiServerBackend
{
    /// <inheritdoc />
    public string Name => "existing";

    /// <summary>The kubeconfig this backend reads.</summary>
    public string KubeconfigPath { get; } = Path.GetFullPath(kubeconfigPath);

    /// <summary>The kubeconfig named by <c>KUBECONFIG</c> (its first entry), or <c>~/.kube/config</c>.</summary>
    public static string DefaultKubeconfigPath(Func<string, string?> environmentVariable)
    {
        var fromEnvironment = environmentVariable("KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)[0];
        }

        return Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".kube", "config");
    }

    /// <inheritdoc />
    public async Task<ApiServerConnection> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(KubeconfigPath))
        {
            throw new FileNotFoundException($"USE_EXISTING_CLUSTER=true but the kubeconfig {KubeconfigPath} does not exist (set KUBECONFIG)", KubeconfigPath);
        }

        var configuration = await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(new FileInfo(KubeconfigPath), context);
        return new ApiServerConnection(configuration, KubeconfigPath);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
