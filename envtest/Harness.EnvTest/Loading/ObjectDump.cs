using System.Text.Json.Nodes;
using Harness.EnvTest.Serialization;
using YamlDotNet.Core;

namespace Harness.EnvTest.Loading;

/// <summary>
/// Reads a dump of Kubernetes objects from files and folders: <c>kubectl get -o yaml|json</c> output (a <c>List</c> or
/// one object), multi-document YAML, and folders of them in any layout, such as must-gather's
/// <c>namespaces/&lt;ns&gt;/&lt;group&gt;/&lt;resource&gt;.yaml</c> (every <c>.yaml</c>, <c>.yml</c> and <c>.json</c> file
/// below a folder, in path order). A <c>List</c> of any kind gives its items. Each object keeps where it was found.
/// </summary>
public static class ObjectDump
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>The objects of <paramref name="paths"/>, in the order found.</summary>
    /// <exception cref="ObjectLoadException">A path does not exist, a file is not YAML or JSON, or a document is not an object with apiVersion and kind.</exception>
    public static IReadOnlyList<SourcedObject> Read(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var objects = new List<SourcedObject>();
        var errors = new List<ObjectLoadError>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal))
                {
                    ReadFile(file, objects, errors);
                }
            }
            else if (File.Exists(path))
            {
                ReadFile(path, objects, errors);
            }
            else
            {
                errors.Add(new ObjectLoadError(path, "no such file or folder"));
            }
        }

        return errors.Count > 0 ? throw new ObjectLoadException(errors) : objects;
    }

    private static void ReadFile(string file, List<SourcedObject> objects, List<ObjectLoadError> errors)
    {
        var starts = new Dictionary<JsonObject, Mark>(ReferenceEqualityComparer.Instance);
        IReadOnlyList<(Mark Start, JsonNode? Node)> documents;
        try
        {
            documents = YamlJson.ConvertAll(File.ReadAllText(file), (obj, mark) => starts[obj] = mark);
        }
        catch (YamlException e)
        {
            errors.Add(new ObjectLoadError($"{file}:{e.Start.Line}:{e.Start.Column}", $"not YAML or JSON: {e.Message}"));
            return;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // YamlDotNet reports some malformed documents so, without a position.
            errors.Add(new ObjectLoadError(file, $"not YAML or JSON: {e.Message}"));
            return;
        }

        foreach (var (start, node) in documents)
        {
            switch (node)
            {
                case null:
                    continue;
                case JsonObject list when IsList(list):
                    foreach (var item in (JsonArray)list["items"]!)
                    {
                        Add(item, file, item is JsonObject o ? starts[o] : start, objects, errors);
                    }

                    continue;
                default:
                    Add(node, file, node is JsonObject obj ? starts[obj] : start, objects, errors);
                    continue;
            }
        }
    }

    private static bool IsList(JsonObject obj) =>
        obj["items"] is JsonArray && obj["kind"] is JsonValue kind && kind.TryGetValue<string>(out var name) && name.EndsWith("List", StringComparison.Ordinal);

    private static void Add(JsonNode? node, string file, Mark start, List<SourcedObject> objects, List<ObjectLoadError> errors)
    {
        var source = new ObjectSource(file, (int)start.Line, (int)start.Column);
        if (node is not JsonObject obj)
        {
            errors.Add(new ObjectLoadError(source.ToString(), "not a Kubernetes object (a mapping with apiVersion, kind and metadata)"));
        }
        else if (obj["apiVersion"] is not JsonValue || obj["kind"] is not JsonValue)
        {
            errors.Add(new ObjectLoadError(source.ToString(), $"not a Kubernetes object: {(obj["apiVersion"] is null ? "apiVersion" : "kind")} is missing"));
        }
        else
        {
            objects.Add(new SourcedObject(obj, source));
        }
    }
}
