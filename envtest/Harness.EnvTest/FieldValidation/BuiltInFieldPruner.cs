using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Harness.EnvTest.FieldValidation;

/// <summary>
/// Drops what a built-in kind's Go type would not decode, at any depth (<c>spec.containers[0].imag</c>,
/// <c>metadata.ownerReferences[1].bogus</c>), and returns the paths kube reports for them, in <see cref="UnknownFieldOrder"/>'s order.
/// Unknown fields under a schema-or-list value of a CRD schema (<c>items</c>, <c>additionalProperties</c>) are dropped unreported,
/// as kube's non-strict decoder of those values does.
/// </summary>
internal static class BuiltInFieldPruner
{
    public static IReadOnlyList<string> Prune(JsonObject obj, FieldShape shape, UnknownFieldOrder order)
    {
        var walk = new Walk(order);
        walk.Node(obj, shape, quiet: false);
        if (walk.Found is not { } found)
        {
            return [];
        }

        if (order == UnknownFieldOrder.Unstructured)
        {
            found.Sort((a, b) => string.CompareOrdinal(a + "\"", b + "\""));
        }

        return found;
    }

    private sealed class Walk(UnknownFieldOrder order)
    {
        private readonly StringBuilder path = new();

        public List<string>? Found { get; private set; }

        public void Node(JsonNode? node, FieldShape shape, bool quiet)
        {
            switch (shape.Kind)
            {
                case FieldShapeKind.Struct when node is JsonObject obj:
                    Struct(obj, shape, quiet);
                    break;
                case FieldShapeKind.Map when node is JsonObject obj && shape.Element!.Kind != FieldShapeKind.Opaque:
                    foreach (var (key, value) in Entries(obj))
                    {
                        var length = path.Length;
                        if (order != UnknownFieldOrder.Unstructured)
                        {
                            AppendName(key);
                        }

                        Node(value, shape.Element, quiet);
                        path.Length = length;
                    }

                    break;
                case FieldShapeKind.List when node is JsonArray array && shape.Element!.Kind != FieldShapeKind.Opaque:
                    for (var i = 0; i < array.Count; i++)
                    {
                        var length = path.Length;
                        path.Append('[').Append(i.ToString(CultureInfo.InvariantCulture)).Append(']');
                        Node(array[i], shape.Element, quiet);
                        path.Length = length;
                    }

                    break;
                case FieldShapeKind.QuietSchema when node is JsonObject:
                    Node(node, shape.Element!, quiet: true);
                    break;
                case FieldShapeKind.QuietSchema when node is JsonArray array:
                    foreach (var item in array)
                    {
                        Node(item, shape.Element!, quiet: true);
                    }

                    break;
            }
        }

        private void Struct(JsonObject obj, FieldShape shape, bool quiet)
        {
            List<string>? unknown = null;
            foreach (var (key, value) in Entries(obj))
            {
                if (!shape.TryGetField(key, out var field))
                {
                    (unknown ??= []).Add(key);
                    if (!quiet)
                    {
                        var length = path.Length;
                        AppendName(key);
                        (Found ??= []).Add(path.ToString());
                        path.Length = length;
                    }
                }
                else if (field.Kind != FieldShapeKind.Opaque)
                {
                    var length = path.Length;
                    AppendName(key);
                    Node(value, field, quiet);
                    path.Length = length;
                }
            }

            foreach (var key in unknown ?? [])
            {
                obj.Remove(key);
            }
        }

        /// <summary>The object's entries in the order the decoder meets them; the walk removes entries only after enumerating them.</summary>
        private IEnumerable<KeyValuePair<string, JsonNode?>> Entries(JsonObject obj) =>
            order == UnknownFieldOrder.Document ? obj : obj.OrderBy(p => p.Key, StringComparer.Ordinal);

        private void AppendName(string name)
        {
            if (path.Length > 0)
            {
                path.Append('.');
            }

            path.Append(name);
        }
    }
}
