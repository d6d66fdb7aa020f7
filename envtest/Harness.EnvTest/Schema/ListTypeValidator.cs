using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Schema;

/// <summary>
/// Checks the invariants of <c>x-kubernetes-list-type</c> <c>set</c> (no duplicate items) and
/// <c>map</c> (every item has its keys; no two items share them), as kube's
/// <c>ValidateListSetsAndMaps</c> does after schema validation.
/// </summary>
internal sealed class ListTypeValidator
{
    private readonly FieldPathBuilder _path = new();
    private readonly List<FieldError> _errors;

    private ListTypeValidator(List<FieldError> errors)
    {
        _errors = errors;
    }

    public static void Validate(SchemaNode node, JsonNode? value, List<FieldError> errors)
        => new ListTypeValidator(errors).Visit(node, value);

    private void Visit(SchemaNode? node, JsonNode? value)
    {
        if (node is null || !node.ListInvariantsBelow)
        {
            return;
        }

        switch (value)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (node.Properties is not null && node.Properties.TryGetValue(key, out var property))
                    {
                        var mark = _path.PushField(key);
                        Visit(property, child);
                        _path.Pop(mark);
                    }
                    else if (node.AdditionalProperties is { } additional)
                    {
                        var mark = _path.PushKey(key);
                        Visit(additional, child);
                        _path.Pop(mark);
                    }
                }

                break;
            case JsonArray array:
                if (node.ListType == "set")
                {
                    CheckSet(array);
                }
                else if (node.ListType == "map")
                {
                    CheckMap(node, array);
                }

                for (var i = 0; i < array.Count; i++)
                {
                    var mark = _path.PushIndex(i);
                    Visit(node.Items, array[i]);
                    _path.Pop(mark);
                }

                break;
        }
    }

    private void CheckSet(JsonArray array)
    {
        for (var i = 1; i < array.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (JsonKinds.DeepEquals(array[i], array[j]))
                {
                    var mark = _path.PushIndex(i);
                    _errors.Add(FieldErrors.Duplicate(_path.ToString(), GoValueFormat.BadValue(array[i])));
                    _path.Pop(mark);
                    break;
                }
            }
        }
    }

    private void CheckMap(SchemaNode node, JsonArray array)
    {
        var seen = new List<JsonObject>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var mark = _path.PushIndex(i);
            if (array[i] is not JsonObject item)
            {
                _errors.Add(FieldErrors.TypeInvalid(_path.ToString(), GoValueFormat.BadValue(array[i]), "must be an object for an array of list-type map"));
                _path.Pop(mark);
                continue;
            }

            var keys = new JsonObject();
            var complete = true;
            foreach (var keyName in node.ListMapKeys)
            {
                if (item.TryGetPropertyValue(keyName, out var keyValue))
                {
                    keys[keyName] = keyValue?.DeepClone();
                }
                else if (node.Items?.Properties?.GetValueOrDefault(keyName)?.Default is { } keyDefault)
                {
                    keys[keyName] = keyDefault.DeepClone();
                }
                else
                {
                    _errors.Add(FieldErrors.Required(_path.Child(keyName)));
                    complete = false;
                }
            }

            if (complete)
            {
                if (seen.Any(previous => JsonKinds.DeepEquals(previous, keys)))
                {
                    _errors.Add(FieldErrors.Duplicate(_path.ToString(), GoValueFormat.GoSharpV(keys)));
                }
                else
                {
                    seen.Add(keys);
                }
            }

            _path.Pop(mark);
        }
    }
}
