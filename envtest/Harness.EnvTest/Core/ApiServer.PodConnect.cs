using Harness.EnvTest.Errors;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Resources;
using Harness.EnvTest.Routing;
using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Core;

/// <summary>
/// A pod's <c>log</c>, <c>exec</c>, <c>attach</c>, <c>portforward</c> and <c>proxy</c> subresources as kube-apiserver 1.32
/// answers them on a cluster without kubelets: a pod with no node has an empty log (204) and refuses the streams with 400
/// <c>pod NAME does not have a host assigned</c>; a node it names is looked up and not found (kube reports it as a pod);
/// a pod without an IP refuses proxying with 400 <c>address not allowed</c>.
/// </summary>
public sealed partial class ApiServer
{
    /// <summary>The methods each connect subresource serves (kube's verbs: get, create, and for proxy update, patch, delete).</summary>
    private static readonly Dictionary<string, string[]> PodConnectMethods = new(StringComparer.Ordinal)
    {
        ["log"] = ["GET"],
        ["exec"] = ["GET", "POST"],
        ["attach"] = ["GET", "POST"],
        ["portforward"] = ["GET", "POST"],
        ["proxy"] = ["GET", "POST", "PUT", "PATCH", "DELETE"],
    };

    private static bool IsPodConnect(ResourceDefinition def, string? subresource) =>
        subresource is not null && PodConnectMethods.ContainsKey(subresource) && def.Plural == "pods" && def.Group.Length == 0;

    private ApiResponse ConnectPod(ResourceDefinition def, Route route, ApiRequest request)
    {
        var subresource = route.Subresource!;
        if (!PodConnectMethods[subresource].Contains(request.Method, StringComparer.Ordinal))
        {
            throw ApiErrors.MethodNotAllowedOnPath();
        }

        var name = route.Name!;
        var stored = store.Get(def.StorageKey, StoredObject.KeyOf(route.Namespace, name)) ?? throw ApiErrors.NotFound(def.Plural, def.Group, name);
        var pod = StoredForm(def, stored);
        if (subresource == "proxy")
        {
            throw ApiErrors.BadRequest("address not allowed");
        }

        if (ObjectJson.String(pod["spec"]?.AsObject(), "nodeName") is not { Length: > 0 } node)
        {
            return subresource == "log"
                ? new BufferedApiResponse(204, "text/plain", ReadOnlyMemory<byte>.Empty)
                : throw ApiErrors.BadRequest($"pod {name} does not have a host assigned");
        }

        throw ApiErrors.NotFound(def.Plural, def.Group, node);
    }
}
