using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using k8s;
using k8s.KubeConfigModels;

namespace Harness.EnvTest.Security;

/// <summary>
/// Writes the kubeconfig of an environment: one cluster (server URL + CA data), one user (bearer token),
/// one context, current. kubectl and KubernetesClient read it as they read any kubeconfig.
/// </summary>
public static class KubeconfigFile
{
    /// <summary>The name of the cluster, user and context in generated kubeconfigs.</summary>
    public const string ContextName = "harness";

    /// <summary>
    /// Renders the kubeconfig as JSON, which kubectl and KubernetesClient read as they read YAML (YAML is a superset of
    /// JSON), and which <c>harness-controller</c> reads without a YAML parser (docs/performance.md, "Start, fourth pass").
    /// </summary>
    public static string Render(Uri server, string certificateAuthorityPem, BearerToken token)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentException.ThrowIfNullOrWhiteSpace(certificateAuthorityPem);
        ArgumentNullException.ThrowIfNull(token);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("apiVersion", "v1");
            json.WriteString("kind", "Config");
            WriteNamed(json, "clusters", "cluster", cluster =>
            {
                cluster.WriteString("server", server.GetLeftPart(UriPartial.Authority));
                cluster.WriteString("certificate-authority-data", Convert.ToBase64String(Encoding.ASCII.GetBytes(certificateAuthorityPem)));
            });
            WriteNamed(json, "users", "user", user => user.WriteString("token", token.Value));
            WriteNamed(json, "contexts", "context", context =>
            {
                context.WriteString("cluster", ContextName);
                context.WriteString("user", ContextName);
            });
            json.WriteString("current-context", ContextName);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    /// <summary>
    /// Writes the kubeconfig to <paramref name="path"/> (creating its folder; owner-only permissions on Unix) at once:
    /// it is written beside and then renamed, so that a process waiting for it never reads half of it. Returns the
    /// client configuration it describes (<see cref="Configuration"/>).
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

        var written = fullPath + ".writing";
        using (var writer = new StreamWriter(written, new UTF8Encoding(false), options))
        {
            writer.Write(Render(server, certificateAuthorityPem, token));
        }

        File.Move(written, fullPath, overwrite: true);
        return Configuration(server, certificateAuthorityPem, token);
    }

    /// <summary>
    /// The client configuration the kubeconfig describes, from the same model in memory: reading the file back through
    /// KubernetesClient's YAML loader costs a quarter of a second of JIT in a fresh process.
    /// </summary>
    public static KubernetesClientConfiguration Configuration(Uri server, string certificateAuthorityPem, BearerToken token)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(token);
        return KubernetesClientConfiguration.BuildConfigFromConfigObject(new K8SConfiguration
        {
            Clusters =
            [
                new Cluster
                {
                    Name = ContextName,
                    ClusterEndpoint = new ClusterEndpoint
                    {
                        Server = server.GetLeftPart(UriPartial.Authority),
                        CertificateAuthorityData = Convert.ToBase64String(Encoding.ASCII.GetBytes(certificateAuthorityPem)),
                    },
                },
            ],
            Users = [new User { Name = ContextName, UserCredentials = new UserCredentials { Token = token.Value } }],
            Contexts = [new Context { Name = ContextName, ContextDetails = new ContextDetails { Cluster = ContextName, User = ContextName } }],
            CurrentContext = ContextName,
        });
    }

    /// <summary>A kubeconfig list of one entry named <see cref="ContextName"/>: <c>"list": [{"name": ..., "field": {...}}]</c>.</summary>
    private static void WriteNamed(Utf8JsonWriter json, string list, string field, Action<Utf8JsonWriter> body)
    {
        json.WriteStartArray(list);
        json.WriteStartObject();
        json.WriteString("name", ContextName);
        json.WriteStartObject(field);
        body(json);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
    }
}
