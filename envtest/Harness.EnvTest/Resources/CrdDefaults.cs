using System.Text.Json.Nodes;
using Harness.EnvTest.Storage;
using Harness.EnvTest.Validation;

namespace Harness.EnvTest.Resources;

/// <summary>
/// apiextensions v1's defaults for a CustomResourceDefinition: a singular name and list kind from the kind, conversion
/// strategy <c>None</c>, a conversion service's port 443.
/// </summary>
internal static class CrdDefaults
{
    public static void Apply(JsonObject crd)
    {
        if (crd["spec"] is not JsonObject spec)
        {
            return;
        }

        if (spec["names"] is JsonObject names && ObjectJson.String(names, "kind") is { Length: > 0 } kind)
        {
            if (ObjectJson.String(names, "singular") is null or "")
            {
                names["singular"] = kind.ToLowerInvariant();
            }

            if (ObjectJson.String(names, "listKind") is null or "")
            {
                names["listKind"] = kind + "List";
            }
        }

        if (spec["conversion"] is not JsonObject conversion)
        {
            spec["conversion"] = new JsonObject { ["strategy"] = "None" };
        }
        else if (JsonFields.Object(JsonFields.Object(JsonFields.Object(conversion, "webhook"), "clientConfig"), "service") is { } service && !service.ContainsKey("port"))
        {
            service["port"] = 443;
        }
    }
}
