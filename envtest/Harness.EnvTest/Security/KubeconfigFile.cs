using System.Text;
using k8s;
using YamlDotNet.Serialization;

namespace Harness.EnvTest.Security;

/// <summary>
/// Writes the kubeconfig of an environment: one cluster (server URL + CA data), one user (bearer token),
/// one context, current. kubectl and KubernetesClient read it as they read any kubeconfig.
/// </summary>
public static class KubeconfigFile
{
    /// <summary>The name of the cluster, user and context in generated kubeconfigs.</summary>
    public const string ContextName = "harness";

    /// <summary>Renders the kubeconfig YAML.</summary>
    public static string Render(Uri server, string certificateAuthorityPem, BearerToken token)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentException.ThrowIfNullOrWhiteSpace(certificateAuthorityPem);
        ArgumentNullException.ThrowIfNull(token);
        var document = new Dictionary<string, object>
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Config",
            ["clusters"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["name"] = ContextName,
                    ["cluster"] = new Dictionary<string, object>
                    {
                        ["server"] = server.GetLeftPart(UriPartial.Authority),
                        ["certificate-authority-data"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(certificateAuthorityPem)),
                    },
                },
            },
            ["users"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["name"] = ContextName,
                    ["user"] = new Dictionary<string, object> { ["token"] = token.Value },
                },
            },
            ["contexts"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["name"] = ContextName,
                    ["context"] = new Dictionary<string, object> { ["cluster"] = ContextName, ["user"] = ContextName },
                },
            },
            ["current-context"] = ContextName,
        };
        return new SerializerBuilder().Build().Serialize(document);
    }

    /// <summary>
    /// Writes the kubeconfig to <paramref name="path"/> (creating its folder; owner-only permissions on Unix)
    /// and returns the client configuration read back from it.
    /// </summary>
    public static KubernetesClientConfiguration Write(string path, Uri server, string certificateAuthorityPem, BearerToken token)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(fullPath, new UTF8Encoding(false), options))
        {
            writer.Write(Render(server, certificateAuthorityPem, token));
        }

        return KubernetesClientConfiguration.BuildConfigFromConfigFile(new FileInfo(fullPath));
    }
}
