using System.Text.Json.Nodes;

namespace Harness.EnvTest.OpenApi;

/// <summary>
/// The REST paths of served resources and their operations (get, list, watch, create, update,
/// patch, delete, deletecollection, and the status subresource), rendered for Swagger 2.0 or
/// OpenAPI 3.0. PATCH operations carry <c>x-kubernetes-group-version-kind</c> and the
/// <c>fieldValidation</c> parameter, which kubectl looks for before it relies on server-side
/// validation. They list JSON patch, merge patch and apply patch; strategic merge patch is left out
/// of the documents, so kubectl computes strategic patches of built-in kinds from its own types.
/// </summary>
internal static class OpenApiPathBuilder
{
    private static readonly string[] ListParameters = ["allowWatchBookmarks", "continue", "fieldSelector", "labelSelector", "limit", "resourceVersion", "resourceVersionMatch", "sendInitialEvents", "timeoutSeconds", "watch"];
    private static readonly string[] WriteParameters = ["dryRun", "fieldManager", "fieldValidation"];
    private static readonly string[] PatchParameters = ["dryRun", "fieldManager", "fieldValidation", "force"];
    private static readonly string[] DeleteParameters = ["dryRun", "gracePeriodSeconds", "orphanDependents", "propagationPolicy"];
    private static readonly string[] DeleteCollectionParameters = ["continue", "dryRun", "fieldSelector", "gracePeriodSeconds", "labelSelector", "limit", "orphanDependents", "propagationPolicy", "resourceVersion", "resourceVersionMatch", "sendInitialEvents", "timeoutSeconds"];
    private static readonly string[] NoParameters = [];

    private static readonly Dictionary<string, (string Type, string Description)> Parameters = new()
    {
        ["allowWatchBookmarks"] = ("boolean", "Ask for BOOKMARK events in a watch."),
        ["continue"] = ("string", "Token of the next page, from a previous list."),
        ["dryRun"] = ("string", "All: process the request without persisting it."),
        ["fieldManager"] = ("string", "Name of the actor making the change, for field management."),
        ["fieldSelector"] = ("string", "Select objects by fields, e.g. metadata.name=x."),
        ["fieldValidation"] = ("string", "Ignore, Warn or Strict: what to do with unknown or duplicate fields."),
        ["force"] = ("boolean", "Take over fields owned by other managers (apply patches only)."),
        ["gracePeriodSeconds"] = ("integer", "Seconds before the object is deleted."),
        ["labelSelector"] = ("string", "Select objects by labels."),
        ["limit"] = ("integer", "Maximum number of items in one page."),
        ["orphanDependents"] = ("boolean", "Deprecated: use propagationPolicy."),
        ["pretty"] = ("string", "Indent the output."),
        ["propagationPolicy"] = ("string", "Orphan, Background or Foreground."),
        ["resourceVersion"] = ("string", "Version constraint on the data served."),
        ["resourceVersionMatch"] = ("string", "How resourceVersion applies: Exact or NotOlderThan."),
        ["sendInitialEvents"] = ("boolean", "Start a watch with the current objects."),
        ["timeoutSeconds"] = ("integer", "Timeout of a list or watch."),
        ["watch"] = ("boolean", "Watch changes instead of listing."),
    };

    public static JsonObject Paths(IEnumerable<OpenApiResource> resources, bool v3)
    {
        var paths = new JsonObject();
        foreach (var resource in resources.OrderBy(r => r.GroupVersion, StringComparer.Ordinal).ThenBy(r => r.Plural, StringComparer.Ordinal))
        {
            foreach (var (path, namespaced, named, operations) in PathsOf(resource))
            {
                var item = new JsonObject();
                foreach (var operation in operations)
                {
                    item[operation.Method] = v3 ? OperationV3(resource, operation) : OperationV2(resource, operation);
                }

                var parameters = new JsonArray();
                if (named)
                {
                    parameters.Add(PathParameter("name", "Name of the object.", v3));
                }

                if (namespaced)
                {
                    parameters.Add(PathParameter("namespace", "Namespace of the objects.", v3));
                }

                parameters.Add(QueryParameter("pretty", v3));
                item["parameters"] = parameters;
                paths[path] = item;
            }
        }

        return paths;
    }

    private static IEnumerable<(string Path, bool Namespaced, bool Named, List<OpenApiOperation> Operations)> PathsOf(OpenApiResource r)
    {
        var root = r.Group.Length == 0 ? "/api/" + r.Version : $"/apis/{r.Group}/{r.Version}";
        var collection = r.Namespaced ? $"{root}/namespaces/{{namespace}}/{r.Plural}" : $"{root}/{r.Plural}";
        var scope = r.Namespaced ? "Namespaced" : "";
        var id = OperationIdSuffix(r);
        var kindDefinition = DefinitionNames.For(r, r.Kind);
        var listDefinition = DefinitionNames.For(r, r.Kind + "List");
        bool Can(string verb) => r.Verbs.Contains(verb);

        var collectionOps = new List<OpenApiOperation>();
        if (Can("list"))
        {
            collectionOps.Add(new("get", "list", $"list{id}{scope}{r.Kind}", $"list or watch objects of kind {r.Kind}", OpenApiBody.None, listDefinition, ListParameters));
        }

        if (Can("create"))
        {
            collectionOps.Add(new("post", "post", $"create{id}{scope}{r.Kind}", $"create a {r.Kind}", OpenApiBody.Object, kindDefinition, WriteParameters));
        }

        if (Can("deletecollection"))
        {
            collectionOps.Add(new("delete", "deletecollection", $"deleteCollection{id}{scope}{r.Kind}", $"delete collection of {r.Kind}", OpenApiBody.DeleteOptions, DefinitionNames.Status, DeleteCollectionParameters));
        }

        if (collectionOps.Count > 0)
        {
            yield return (collection, r.Namespaced, false, collectionOps);
        }

        var itemOps = new List<OpenApiOperation>();
        if (Can("get"))
        {
            itemOps.Add(new("get", "get", $"read{id}{scope}{r.Kind}", $"read the specified {r.Kind}", OpenApiBody.None, kindDefinition, NoParameters));
        }

        if (Can("update"))
        {
            itemOps.Add(new("put", "put", $"replace{id}{scope}{r.Kind}", $"replace the specified {r.Kind}", OpenApiBody.Object, kindDefinition, WriteParameters));
        }

        if (Can("patch"))
        {
            itemOps.Add(new("patch", "patch", $"patch{id}{scope}{r.Kind}", $"partially update the specified {r.Kind}", OpenApiBody.Patch, kindDefinition, PatchParameters));
        }

        if (Can("delete"))
        {
            itemOps.Add(new("delete", "delete", $"delete{id}{scope}{r.Kind}", $"delete a {r.Kind}", OpenApiBody.DeleteOptions, DefinitionNames.Status, DeleteParameters));
        }

        if (itemOps.Count > 0)
        {
            yield return (collection + "/{name}", r.Namespaced, true, itemOps);
        }

        // Every subresource served reads and writes the whole object (a CRD's scale, which this server does not serve, gets no path).
        foreach (var sub in r.Subresources.Where(s => s != "scale"))
        {
            var suffix = Capitalize(sub);
            var subOps = new List<OpenApiOperation>
            {
                new("get", "get", $"read{id}{scope}{r.Kind}{suffix}", $"read {sub} of the specified {r.Kind}", OpenApiBody.None, kindDefinition, NoParameters),
                new("put", "put", $"replace{id}{scope}{r.Kind}{suffix}", $"replace {sub} of the specified {r.Kind}", OpenApiBody.Object, kindDefinition, WriteParameters),
                new("patch", "patch", $"patch{id}{scope}{r.Kind}{suffix}", $"partially update {sub} of the specified {r.Kind}", OpenApiBody.Patch, kindDefinition, PatchParameters),
            };
            yield return ($"{collection}/{{name}}/{sub}", r.Namespaced, true, subOps);
        }

        if (r.Namespaced && Can("list"))
        {
            var all = new List<OpenApiOperation>
            {
                new("get", "list", $"list{id}{r.Kind}ForAllNamespaces", $"list or watch objects of kind {r.Kind} in every namespace", OpenApiBody.None, listDefinition, ListParameters),
            };
            yield return ($"{root}/{r.Plural}", false, false, all);
        }
    }

    private static string OperationIdSuffix(OpenApiResource r)
    {
        var group = r.Group.Length == 0 ? "Core" : string.Concat(r.Group.Split('.', '-').Select(Capitalize));
        return group + Capitalize(r.Version);
    }

    private static string Capitalize(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    private static JsonObject Gvk(OpenApiResource r) => new() { ["group"] = r.Group, ["kind"] = r.Kind, ["version"] = r.Version };

    private static string Tag(OpenApiResource r) => (r.Group.Length == 0 ? "core" : string.Concat(r.Group.Split('.').Select((p, i) => i == 0 ? p : Capitalize(p)))) + "_" + r.Version;

    private static JsonObject OperationV3(OpenApiResource r, OpenApiOperation op)
    {
        var operation = new JsonObject
        {
            ["tags"] = new JsonArray(Tag(r)),
            ["description"] = op.Description,
            ["operationId"] = op.OperationId,
            ["parameters"] = new JsonArray(op.QueryParameters.Select(p => (JsonNode?)QueryParameter(p, v3: true)).ToArray()),
        };
        var body = op.Body switch
        {
            OpenApiBody.Object => Content(["application/json", "application/yaml"], DefinitionNames.For(r, r.Kind)),
            OpenApiBody.Patch => Content(["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"], DefinitionNames.Patch),
            OpenApiBody.DeleteOptions => Content(["application/json", "application/yaml"], DefinitionNames.DeleteOptions),
            _ => null,
        };
        if (body is not null)
        {
            operation["requestBody"] = new JsonObject { ["content"] = body, ["required"] = op.Body != OpenApiBody.DeleteOptions };
        }

        var responses = new JsonObject
        {
            ["200"] = new JsonObject { ["description"] = "OK", ["content"] = Content(["application/json", "application/yaml"], op.ResponseDefinition) },
            ["401"] = new JsonObject { ["description"] = "Unauthorized" },
        };
        if (op.Body == OpenApiBody.Object && op.Method == "post")
        {
            responses["201"] = new JsonObject { ["description"] = "Created", ["content"] = Content(["application/json", "application/yaml"], op.ResponseDefinition) };
        }

        operation["responses"] = responses;
        operation["x-kubernetes-action"] = op.Action;
        operation["x-kubernetes-group-version-kind"] = Gvk(r);
        return operation;
    }

    private static JsonObject OperationV2(OpenApiResource r, OpenApiOperation op)
    {
        var parameters = new JsonArray(op.QueryParameters.Select(p => (JsonNode?)QueryParameter(p, v3: false)).ToArray());
        var consumes = new JsonArray("*/*");
        switch (op.Body)
        {
            case OpenApiBody.Object:
                parameters.Insert(0, BodyParameter(DefinitionNames.For(r, r.Kind), required: true));
                break;
            case OpenApiBody.Patch:
                parameters.Insert(0, BodyParameter(DefinitionNames.Patch, required: true));
                consumes = new JsonArray("application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml");
                break;
            case OpenApiBody.DeleteOptions:
                parameters.Insert(0, BodyParameter(DefinitionNames.DeleteOptions, required: false));
                break;
        }

        var responses = new JsonObject
        {
            ["200"] = new JsonObject { ["description"] = "OK", ["schema"] = SchemaShapes.Ref(op.ResponseDefinition) },
            ["401"] = new JsonObject { ["description"] = "Unauthorized" },
        };
        if (op.Body == OpenApiBody.Object && op.Method == "post")
        {
            responses["201"] = new JsonObject { ["description"] = "Created", ["schema"] = SchemaShapes.Ref(op.ResponseDefinition) };
        }

        return new JsonObject
        {
            ["description"] = op.Description,
            ["consumes"] = consumes,
            ["produces"] = new JsonArray("application/json", "application/yaml"),
            ["schemes"] = new JsonArray("https"),
            ["tags"] = new JsonArray(Tag(r)),
            ["operationId"] = op.OperationId,
            ["parameters"] = parameters,
            ["responses"] = responses,
            ["x-kubernetes-action"] = op.Action,
            ["x-kubernetes-group-version-kind"] = Gvk(r),
        };
    }

    private static JsonObject Content(IEnumerable<string> mediaTypes, string definition)
    {
        var content = new JsonObject();
        foreach (var mediaType in mediaTypes)
        {
            content[mediaType] = new JsonObject { ["schema"] = SchemaShapes.Ref(definition) };
        }

        return content;
    }

    private static JsonObject BodyParameter(string definition, bool required)
        => new() { ["name"] = "body", ["in"] = "body", ["required"] = required, ["schema"] = SchemaShapes.Ref(definition) };

    private static JsonObject PathParameter(string name, string description, bool v3)
    {
        var parameter = new JsonObject { ["name"] = name, ["in"] = "path", ["description"] = description, ["required"] = true };
        if (v3)
        {
            parameter["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true };
        }
        else
        {
            parameter["type"] = "string";
            parameter["uniqueItems"] = true;
        }

        return parameter;
    }

    private static JsonObject QueryParameter(string name, bool v3)
    {
        var (type, description) = Parameters[name];
        var parameter = new JsonObject { ["name"] = name, ["in"] = "query", ["description"] = description };
        if (v3)
        {
            parameter["schema"] = new JsonObject { ["type"] = type, ["uniqueItems"] = true };
        }
        else
        {
            parameter["type"] = type;
            parameter["uniqueItems"] = true;
        }

        return parameter;
    }
}
