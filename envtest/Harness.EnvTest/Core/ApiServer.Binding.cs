using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Resources;
using Harness.EnvTest.Routing;
using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Core;

/// <summary>
/// A pod's <c>binding</c> subresource (POST of a v1 Binding), as kube-apiserver 1.32's BindingREST: the stored pod gets the
/// target node as spec.nodeName, the binding's annotations and a PodScheduled=True condition, written straight to storage
/// (no pod validation, managed fields untouched); answered 201 with a bare success Status.
/// </summary>
public sealed partial class ApiServer
{
    private static readonly byte[] CreatedStatus = """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201}"""u8.ToArray().Append((byte)'\n').ToArray();

    private static bool IsPodAction(ResourceDefinition def, string? subresource, string action) =>
        subresource == action && def.Plural == "pods" && def.Group.Length == 0;

    /// <summary>The body of a POST to a pod's <paramref name="action"/> subresource, whose metadata.name must be the pod's.</summary>
    private static JsonObject? PodActionBody(Route route, ApiRequest request, string kind)
    {
        if (request.Method != "POST")
        {
            throw ApiErrors.MethodNotAllowedOnPath();
        }

        var body = request.Body.Length == 0 ? null : JsonNode.Parse(request.Body.Span) as JsonObject;
        if ((body?["metadata"]?["name"] as JsonValue)?.GetValue<string>() != route.Name)
        {
            throw ApiErrors.BadRequest($"name in URL does not match name in {kind} object");
        }

        return body;
    }

    private ApiResponse Bind(ResourceDefinition def, Route route, ApiRequest request)
    {
        var body = PodActionBody(route, request, "Binding")!;
        var target = body["target"] as JsonObject;
        var errors = new List<FieldError>();
        if (ObjectJson.String(target, "kind") is { Length: > 0 } kind && kind != "Node")
        {
            errors.Add(FieldErrorFactory.NotSupported("target.kind", kind, ["Node", "<empty>"]));
        }

        var node = ObjectJson.String(target, "name") ?? string.Empty;
        if (node.Length == 0)
        {
            errors.Add(FieldErrorFactory.Required("target.name"));
        }

        if (errors.Count > 0)
        {
            throw new ApiStatusException(500, string.Empty, errors.Count == 1 ? errors[0].Text : $"[{string.Join(", ", errors.Select(e => e.Text))}]", null);
        }

        var name = route.Name!;
        var key = StoredObject.KeyOf(route.Namespace, name);
        var uid = ObjectJson.String(ObjectJson.Metadata(body), "uid");
        var committed = store.Mutate(def.StorageKey, key, (current, revision) =>
        {
            if (current is null)
            {
                throw ApiErrors.NotFound(def.Plural, def.Group, name);
            }

            if (!string.IsNullOrEmpty(uid) && uid != current.Uid)
            {
                throw ApiErrors.UidPreconditionConflict(def.Plural, def.Group, name, EtcdKeys.Of(def, route.Namespace, name), uid, current.Uid);
            }

            var pod = StoredForm(def, current);
            Assign(pod, name, node, body["metadata"]?["annotations"] as JsonObject);
            return IsDryRun(request) ? StoreChange.None : StoreChange.Put(Freeze(SerializedObject.Of(pod, route.Namespace, name, def.Encoding), revision));
        });
        if (committed is not null)
        {
            AfterCommit(def, committed);
        }

        return Json(201, CreatedStatus);
    }

    /// <summary>kube's setPodHostAndAnnotations on the stored <paramref name="pod"/>.</summary>
    private void Assign(JsonObject pod, string name, string node, JsonObject? annotations)
    {
        var metadata = ObjectJson.Metadata(pod);
        var spec = (JsonObject)pod["spec"]!;
        if (metadata["deletionTimestamp"] is not null)
        {
            throw new ApiStatusException(500, string.Empty, $"pod {name} is being deleted, cannot be assigned to a host", null);
        }

        if (ObjectJson.String(spec, "nodeName") is { Length: > 0 } assigned)
        {
            throw ApiErrors.Conflict("pods/binding", string.Empty, name, $"pod {name} is already assigned to node \"{assigned}\"");
        }

        if (spec["schedulingGates"] is JsonArray { Count: > 0 })
        {
            throw ApiErrors.Conflict("pods/binding", string.Empty, name, $"pod {name} has non-empty .spec.schedulingGates");
        }

        spec["nodeName"] = node;
        if (annotations is { Count: > 0 })
        {
            var stored = metadata["annotations"] as JsonObject ?? [];
            metadata["annotations"] = stored;
            foreach (var (k, v) in annotations)
            {
                stored[k] = v?.DeepClone();
            }
        }

        var status = pod["status"] as JsonObject ?? [];
        pod["status"] = status;
        var conditions = status["conditions"] as JsonArray ?? [];
        status["conditions"] = conditions;
        var old = conditions.OfType<JsonObject>().FirstOrDefault(c => ObjectJson.String(c, "type") == "PodScheduled");
        var since = old is not null && ObjectJson.String(old, "status") == "True" ? old["lastTransitionTime"]?.DeepClone() : Now();
        var scheduled = new JsonObject { ["type"] = "PodScheduled", ["status"] = "True", ["lastProbeTime"] = null, ["lastTransitionTime"] = since };
        if (old is null)
        {
            conditions.Add(scheduled);
        }
        else
        {
            conditions[conditions.IndexOf(old)] = scheduled;
        }
    }
}
