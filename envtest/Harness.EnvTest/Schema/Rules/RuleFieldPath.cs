namespace Harness.EnvTest.Schema.Rules;

/// <summary>
/// A rule's <c>fieldPath</c> (<c>.spec.name</c>, <c>.labels['app.kubernetes.io/name']</c>) checked against the schema below
/// the rule, as apiextensions' <c>ValidFieldPath</c> reads it, and turned into the path kube appends to the rule's node.
/// </summary>
internal static class RuleFieldPath
{
    /// <summary>The path to append (<c>spec.name</c>, <c>labels[app]</c>), or null with kube's reason.</summary>
    public static string? Normalize(string fieldPath, SchemaNode node, out string? error) => Normalize(fieldPath, node, out _, out error);

    /// <summary><see cref="Normalize(string, SchemaNode, out string?)"/>, with the schema node the path leads to.</summary>
    public static string? Normalize(string fieldPath, SchemaNode node, out SchemaNode found, out string? error)
    {
        error = null;
        found = node;
        var path = new FieldPathBuilder();
        var at = 0;
        while (at < fieldPath.Length)
        {
            string name;
            if (fieldPath[at] == '.')
            {
                var end = fieldPath.IndexOfAny(['.', '['], at + 1);
                end = end < 0 ? fieldPath.Length : end;
                name = fieldPath[(at + 1)..end];
                if (name.Length == 0)
                {
                    error = "unexpected end of JSON path";
                    return null;
                }

                at = end;
            }
            else if (fieldPath[at] == '[')
            {
                var close = fieldPath.IndexOf("']", at, StringComparison.Ordinal);
                if (at + 1 >= fieldPath.Length || fieldPath[at + 1] != '\'' || close < 0)
                {
                    error = "expected single quoted string but got " + fieldPath[(at + 1)..];
                    return null;
                }

                name = fieldPath[(at + 2)..close].Replace("\\'", "'", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
                at = close + 2;
            }
            else
            {
                var token = fieldPath.IndexOfAny(['.', '['], at);
                error = "expected [ or . but got: " + fieldPath[at..(token < 0 ? fieldPath.Length : token)];
                return null;
            }

            if (node.Properties is not null)
            {
                if (!node.Properties.TryGetValue(name, out var child))
                {
                    error = "does not refer to a valid field";
                    return null;
                }

                path.PushField(name);
                node = child;
            }
            else if (node.AdditionalProperties is not null)
            {
                path.PushKey(name);
                node = node.AdditionalProperties;
            }
            else
            {
                error = "does not refer to a valid field";
                return null;
            }
        }

        found = node;
        return path.ToString();
    }
}
