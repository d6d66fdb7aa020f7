using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.EnvTest.Schema;

/// <summary>What makes a schema structural, and list types and defaults valid, as apiextensions-apiserver checks it.</summary>
internal sealed partial class SchemaNodeParser
{
    private void ParseListType(JsonObject json, SchemaNode node, string path)
    {
        node.ListType = ReadString(json, "x-kubernetes-list-type", path);
        node.ListMapKeys = ReadStrings(json, "x-kubernetes-list-map-keys", path);
        node.MapType = ReadString(json, "x-kubernetes-map-type", path);
        var listTypePath = Child(path, "x-kubernetes-list-type");
        switch (node.ListType)
        {
            case null:
                if (node.ListMapKeys.Length > 0)
                {
                    _errors.Add(FieldErrors.Forbidden(Child(path, "x-kubernetes-list-map-keys"), "must not be specified if x-kubernetes-list-type is not map"));
                }

                return;
            case "atomic" or "set" or "map":
                break;
            default:
                _errors.Add(FieldErrors.NotSupported(listTypePath, json["x-kubernetes-list-type"], ["atomic", "set", "map"]));
                return;
        }

        if (node.Type != JsonKinds.Array)
        {
            _errors.Add(FieldErrors.Invalid(listTypePath, node.ListType, "must only be used if type is array"));
        }

        if (node.ListType == "map")
        {
            if (node.ListMapKeys.Length == 0)
            {
                _errors.Add(FieldErrors.Required(Child(path, "x-kubernetes-list-map-keys"), "must not be empty if x-kubernetes-list-type is map"));
            }

            if (node.Items is { } items)
            {
                if (items.Type != JsonKinds.Object)
                {
                    _errors.Add(FieldErrors.Invalid(Child(Child(path, "items"), "type"), items.Type, "must be object if parent array's x-kubernetes-list-type is map"));
                }

                foreach (var key in node.ListMapKeys)
                {
                    if (items.Properties is null || !items.Properties.TryGetValue(key, out var keyNode))
                    {
                        _errors.Add(FieldErrors.Invalid(Child(path, "x-kubernetes-list-map-keys"), key, "entries must all be names of item properties"));
                    }
                    else if (!items.Required.Contains(key) && keyNode.Default is null)
                    {
                        _errors.Add(FieldErrors.Required(Key(Child(Child(path, "items"), "properties"), key), "all map keys must be required or have a default value"));
                    }
                }
            }
        }
        else if (node.ListMapKeys.Length > 0)
        {
            _errors.Add(FieldErrors.Forbidden(Child(path, "x-kubernetes-list-map-keys"), "must not be specified if x-kubernetes-list-type is not map"));
        }

        // kube prints the items' list type for both, so an object's reads "null".
        if (node.ListType == "set" && node.Items is { } setItems
            && (setItems.Type == JsonKinds.Object ? setItems.MapType != "atomic" : setItems.Type == JsonKinds.Array && setItems.ListType is not (null or "atomic")))
        {
            var keyword = setItems.Type == JsonKinds.Object ? "x-kubernetes-map-type" : "x-kubernetes-list-type";
            _errors.Add(FieldErrors.Invalid(Child(Child(path, "items"), keyword), setItems.ListType ?? "null", "must be atomic as item of a list with x-kubernetes-list-type=set"));
        }
    }

    private void CheckValueValidation(JsonObject json, string path)
    {
        if (json.ContainsKey("type"))
        {
            _errors.Add(FieldErrors.Forbidden(Child(path, "type"), "must be empty to be structural"));
        }

        if (json.ContainsKey("nullable"))
        {
            _errors.Add(FieldErrors.Forbidden(Child(path, "nullable"), "must be false to be structural"));
        }

        if (json.ContainsKey("default"))
        {
            _errors.Add(FieldErrors.Forbidden(Child(path, "default"), "must be undefined to be structural"));
        }

        foreach (var extension in new[] { "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource", "x-kubernetes-int-or-string" })
        {
            if (json.ContainsKey(extension))
            {
                _errors.Add(FieldErrors.Forbidden(Child(path, extension), "must be false to be structural"));
            }
        }
    }

    private void CheckStructure(SchemaNode node, JsonObject json, string path, Level level)
    {
        if (node.Type == JsonKinds.Array && node.Items is null)
        {
            _errors.Add(FieldErrors.Required(Child(path, "items"), "must be specified"));
        }

        if (node.Type.Length > 0 && node.Type is not (JsonKinds.Object or JsonKinds.Array or JsonKinds.String or JsonKinds.Integer or JsonKinds.Number or JsonKinds.Boolean))
        {
            _errors.Add(FieldErrors.NotSupported(Child(path, "type"), json["type"], [JsonKinds.Array, JsonKinds.Boolean, JsonKinds.Integer, JsonKinds.Number, JsonKinds.Object, JsonKinds.String]));
        }

        if (node.IntOrString && node.Type.Length > 0)
        {
            _errors.Add(FieldErrors.Invalid(Child(path, "type"), node.Type, "must be empty if x-kubernetes-int-or-string is true"));
        }

        if (node.EmbeddedResource && !node.PreserveUnknownFields && node.Properties is null)
        {
            _errors.Add(FieldErrors.Required(Child(path, "properties"), "must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields"));
        }

        if (node.EmbeddedResource && node.Type != JsonKinds.Object)
        {
            _errors.Add(node.Type.Length == 0
                ? FieldErrors.Required(Child(path, "type"), "must be object if x-kubernetes-embedded-resource is true")
                : FieldErrors.Invalid(Child(path, "type"), node.Type, "must be object if x-kubernetes-embedded-resource is true"));
        }
        else if (node.Type.Length == 0 && !node.IntOrString)
        {
            var detail = level switch
            {
                Level.Root => "must not be empty at the root",
                Level.Item => "must not be empty for specified array items",
                _ => "must not be empty for specified object fields",
            };
            _errors.Add(FieldErrors.Required(Child(path, "type"), detail));
        }

        if (level == Level.Root && node.Type.Length > 0 && node.Type != JsonKinds.Object)
        {
            _errors.Add(FieldErrors.Invalid(Child(path, "type"), node.Type, "must be object at the root"));
        }

        if ((level == Level.Root || node.EmbeddedResource) && node.Properties is not null && node.Properties.TryGetValue("metadata", out var metadata))
        {
            var metadataPath = Key(Child(path, "properties"), "metadata");
            if (metadata.Type != JsonKinds.Object)
            {
                _errors.Add(FieldErrors.Invalid(Child(metadataPath, "type"), metadata.Type, "must be object"));
            }

            foreach (var name in metadata.Properties?.Keys ?? Enumerable.Empty<string>())
            {
                if (name is not ("name" or "generateName"))
                {
                    _errors.Add(FieldErrors.Forbidden(Key(Child(metadataPath, "properties"), name), "must not be specified"));
                }
            }
        }
    }

    private void CheckDefaults()
    {
        foreach (var (node, path) in _defaults)
        {
            var defaultPath = Child(path, "default");
            var pruned = node.Default!.DeepClone();
            SchemaPruner.Prune(pruned, node, isRoot: false);
            if (!JsonKinds.DeepEquals(pruned, node.Default))
            {
                _errors.Add(FieldErrors.Invalid(defaultPath, node.Default, "must not have unknown fields"));
                continue;
            }

            _errors.AddRange(SchemaValidator.Validate(node, node.Default, defaultPath));
        }
    }
}
