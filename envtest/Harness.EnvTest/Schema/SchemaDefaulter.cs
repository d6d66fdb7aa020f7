using System.Text.Json.Nodes;

namespace Harness.EnvTest.Schema;

/// <summary>
/// Applies <c>default</c> values as apiextensions-apiserver's structural defaulting does: a missing
/// field, or a null in a non-nullable field, gets a deep copy of its default; then the walk descends
/// into properties, additionalProperties and items.
/// </summary>
internal static class SchemaDefaulter
{
    public static void Apply(JsonNode? value, SchemaNode? node)
    {
        if (node is null || !node.DefaultsBelow)
        {
            return;
        }

        switch (value)
        {
            case JsonObject obj:
                ApplyObject(obj, node);
                break;
            case JsonArray array when node.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is null && !items.Nullable && items.Default is not null)
                    {
                        array[i] = items.Default.DeepClone();
                    }
                    else
                    {
                        Apply(array[i], items);
                    }
                }

                break;
        }
    }

    private static void ApplyObject(JsonObject obj, SchemaNode node)
    {
        foreach (var (name, property) in node.DefaultedProperties)
        {
            if (!obj.TryGetPropertyValue(name, out var current) || (current is null && !property.Nullable))
            {
                obj[name] = property.Default!.DeepClone();
            }
        }

        List<(string Key, JsonNode Value)>? replacements = null;
        foreach (var (key, child) in obj)
        {
            if (node.Properties is not null && node.Properties.TryGetValue(key, out var property))
            {
                Apply(child, property);
            }
            else if (node.AdditionalProperties is { } additional)
            {
                if (child is null && !additional.Nullable && additional.Default is not null)
                {
                    (replacements ??= []).Add((key, additional.Default.DeepClone()));
                }
                else
                {
                    Apply(child, additional);
                }
            }
        }

        if (replacements is not null)
        {
            foreach (var (key, value) in replacements)
            {
                obj[key] = value;
            }
        }
    }
}
