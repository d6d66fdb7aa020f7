using System.Text;
using System.Text.Json.Nodes;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Objects;
using k8s;
using k8s.Models;

namespace Harness.Simulators.KubeVirt.Subresources;

/// <summary>
/// The <c>subresources.kubevirt.io/v1</c> aggregated API (virt-api's subresources), transport-free:
/// <see cref="HandleAsync"/> takes the method, the path and the body of a request the API server proxies
/// and returns status, content type and body. The embedded API server calls it in-process through its
/// aggregated-API registration; a small HTTPS host can serve it to a real kube-apiserver behind an
/// <c>APIService</c> for <c>v1.subresources.kubevirt.io</c>. Errors are <c>metav1.Status</c> bodies with
/// virt-api's codes and messages; bad input never throws.
/// </summary>
public sealed class SubresourceApi
{
    /// <summary>The API group.</summary>
    public const string Group = "subresources.kubevirt.io";

    /// <summary>The served version.</summary>
    public const string Version = "v1";

    private const string Prefix = "/apis/" + Group;

    private static readonly (string Resource, string Kind, string[] Names)[] Served =
    [
        ("virtualmachineinstances", "VirtualMachineInstance", ["freeze", "unfreeze", "pause", "unpause", "addvolume", "removevolume"]),
        ("virtualmachines", "VirtualMachine", ["start", "stop", "restart", "addvolume", "removevolume", "memorydump", "removememorydump"]),
    ];

    /// <summary>The discovery entries of the served subresources, as an aggregated-API registration needs them.</summary>
    public static IReadOnlyList<V1APIResource> ApiResources { get; } =
    [
        .. Served.SelectMany(s => s.Names.Select(n => new V1APIResource
        {
            Name = $"{s.Resource}/{n}",
            SingularName = "",
            Namespaced = true,
            Kind = s.Kind,
            Verbs = ["update"],
        })),
    ];

    private readonly VirtualMachineSubresources machines;
    private readonly InstanceSubresources instances;

    internal SubresourceApi(VirtualMachineSubresources machines, InstanceSubresources instances)
    {
        this.machines = machines;
        this.instances = instances;
    }

    /// <summary>Answers one request under <c>/apis/subresources.kubevirt.io</c>. PUT (and POST, as <c>kubectl create --raw</c> sends) call a subresource; GET serves discovery.</summary>
    public async Task<SubresourceResponse> HandleAsync(string method, string path, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            var trimmed = path.Split('?', 2)[0].TrimEnd('/');
            if (trimmed == Prefix)
            {
                return Get(method, ApiGroup());
            }

            if (trimmed == $"{Prefix}/{Version}")
            {
                return Get(method, ResourceList());
            }

            var segments = trimmed.StartsWith(Prefix + "/" + Version + "/", StringComparison.Ordinal)
                ? trimmed[(Prefix.Length + Version.Length + 2)..].Split('/')
                : [];
            if (segments is not ["namespaces", { Length: > 0 } ns, var resource, { Length: > 0 } name, var action]
                || !Served.Any(s => s.Resource == resource && s.Names.Contains(action)))
            {
                throw StatusError.PathNotFound();
            }

            if (method is not ("PUT" or "POST"))
            {
                throw StatusError.MethodNotAllowed();
            }

            var key = new ObjectKey(Uri.UnescapeDataString(ns), Uri.UnescapeDataString(name));
            var status = resource == "virtualmachines"
                ? await machines.HandleAsync(action, key, body, cancellationToken)
                : await instances.HandleAsync(action, key, body, cancellationToken);
            return new SubresourceResponse(status, "application/json", ReadOnlyMemory<byte>.Empty);
        }
        catch (StatusError e)
        {
            return Json(e.Code, e.ToStatus());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Json(500, StatusError.Internal(e.Message).ToStatus());
        }
    }

    private static SubresourceResponse Get(string method, object document)
        => method == "GET" ? Json(200, document) : throw StatusError.MethodNotAllowed();

    private static SubresourceResponse Json(int status, object document)
        => new(status, "application/json", Encoding.UTF8.GetBytes(document is JsonObject json ? json.ToJsonString() : KubernetesJson.Serialize(document)));

    private static V1APIGroup ApiGroup() => new()
    {
        Kind = "APIGroup",
        ApiVersion = "v1",
        Name = Group,
        Versions = [GroupVersion()],
        PreferredVersion = GroupVersion(),
    };

    private static V1GroupVersionForDiscovery GroupVersion() => new() { GroupVersion = $"{Group}/{Version}", Version = Version };

    private static V1APIResourceList ResourceList() => new()
    {
        Kind = "APIResourceList",
        ApiVersion = "v1",
        GroupVersion = $"{Group}/{Version}",
        Resources = [.. ApiResources],
    };
}
