using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Harness.EnvTest.OpenApi;

/// <summary>
/// The OpenAPI documents of a set of served resources, as kube-apiserver publishes them:
/// <c>/openapi/v2</c> (Swagger 2.0, every group), the <c>/openapi/v3</c> index
/// (<c>{"paths": {"apis/g/v": {"serverRelativeURL": "/openapi/v3/apis/g/v?hash=..."}}}</c>) and
/// one OpenAPI 3.0 document per group version. Documents are built on first use and kept; build a
/// new instance when the served resources change.
/// </summary>
public sealed class OpenApiDocuments
{
    private readonly IReadOnlyList<OpenApiResource> _resources;
    private readonly string _serverVersion;
    private readonly Lazy<SortedDictionary<string, JsonObject>> _definitions;
    private readonly Lazy<byte[]> _v2;
    private readonly Lazy<SortedDictionary<string, byte[]>> _v3;
    private readonly Lazy<byte[]> _v3Index;

    /// <summary>Documents for <paramref name="resources"/>; <paramref name="serverVersion"/> is the version the server reports.</summary>
    public OpenApiDocuments(IEnumerable<OpenApiResource> resources, string serverVersion = Core.ApiServerConstants.GitVersion)
    {
        ArgumentNullException.ThrowIfNull(resources);
        _resources = resources.ToArray();
        _serverVersion = serverVersion;
        _definitions = new(() => OpenApiDefinitions.Build(_resources));
        _v2 = new(() => Serialize(BuildV2()));
        _v3 = new(BuildAllV3);
        _v3Index = new(() => Serialize(BuildV3Index()));
    }

    /// <summary>The group-version paths of the v3 documents (<c>api/v1</c>, <c>apis/snapshot.kubevirt.io/v1beta1</c>, ...).</summary>
    public IReadOnlyCollection<string> V3Paths => _v3.Value.Keys;

    /// <summary>The Swagger 2.0 document, serialized.</summary>
    public ReadOnlyMemory<byte> V2Json => _v2.Value;

    /// <summary>The <c>/openapi/v3</c> index, serialized.</summary>
    public ReadOnlyMemory<byte> V3IndexJson => _v3Index.Value;

    /// <summary>The Swagger 2.0 document.</summary>
    public JsonObject V2() => JsonNode.Parse(_v2.Value)!.AsObject();

    /// <summary>The <c>/openapi/v3</c> index.</summary>
    public JsonObject V3Index() => JsonNode.Parse(_v3Index.Value)!.AsObject();

    /// <summary>The OpenAPI 3.0 document of one group version (<c>apis/g/v</c> or <c>api/v1</c>), or null.</summary>
    public JsonObject? V3(string groupVersionPath) => TryGetV3Json(groupVersionPath, out var json) ? JsonNode.Parse(json.Span)!.AsObject() : null;

    /// <summary>The serialized OpenAPI 3.0 document of one group version.</summary>
    public bool TryGetV3Json(string groupVersionPath, out ReadOnlyMemory<byte> json)
    {
        if (_v3.Value.TryGetValue(groupVersionPath.Trim('/'), out var bytes))
        {
            json = bytes;
            return true;
        }

        json = default;
        return false;
    }

    private static byte[] Serialize(JsonObject document) => System.Text.Encoding.UTF8.GetBytes(document.ToJsonString());

    private static string Hash(byte[] document) => Convert.ToHexString(SHA512.HashData(document));

    private JsonObject BuildV2()
    {
        var definitions = new JsonObject();
        foreach (var (name, schema) in _definitions.Value)
        {
            definitions[name] = OpenApiDefinitions.ForV2(schema);
        }

        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = _serverVersion },
            ["paths"] = OpenApiPathBuilder.Paths(_resources, v3: false),
            ["definitions"] = definitions,
            ["securityDefinitions"] = new JsonObject { ["BearerToken"] = new JsonObject { ["description"] = "Bearer token authentication", ["type"] = "apiKey", ["name"] = "authorization", ["in"] = "header" } },
            ["security"] = new JsonArray(new JsonObject { ["BearerToken"] = new JsonArray() }),
        };
    }

    private SortedDictionary<string, byte[]> BuildAllV3()
    {
        var documents = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var group in _resources.GroupBy(r => r.V3Path, StringComparer.Ordinal))
        {
            var resources = group.ToArray();
            var wanted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, _) in MetaSchemas.All())
            {
                wanted.Add(name);
            }

            foreach (var resource in resources)
            {
                wanted.Add(DefinitionNames.For(resource, resource.Kind));
                wanted.Add(DefinitionNames.For(resource, resource.Kind + "List"));
            }

            var schemas = new JsonObject();
            foreach (var name in wanted.Order(StringComparer.Ordinal))
            {
                schemas[name] = OpenApiDefinitions.ForV3(_definitions.Value[name]);
            }

            var document = new JsonObject
            {
                ["openapi"] = "3.0.0",
                ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = _serverVersion },
                ["paths"] = OpenApiPathBuilder.Paths(resources, v3: true),
                ["components"] = new JsonObject
                {
                    ["schemas"] = schemas,
                    ["securitySchemes"] = new JsonObject { ["BearerToken"] = new JsonObject { ["type"] = "apiKey", ["description"] = "Bearer token authentication", ["name"] = "authorization", ["in"] = "header" } },
                },
            };
            documents[group.Key] = Serialize(document);
        }

        return documents;
    }

    private JsonObject BuildV3Index()
    {
        var paths = new JsonObject();
        foreach (var (path, document) in _v3.Value)
        {
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={Hash(document)}" };
        }

        return new JsonObject { ["paths"] = paths };
    }
}
