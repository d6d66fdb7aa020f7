using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Resources;

/// <summary>Secrets: <c>type</c> defaults to Opaque and is immutable.</summary>
internal sealed class SecretStrategy : IResourceStrategy
{
    public void PrepareForCreate(JsonObject obj)
    {
        if (obj["type"] is null)
        {
            obj["type"] = "Opaque";
        }
    }

    public void Validate(JsonObject obj, JsonObject? old, List<FieldError> errors)
    {
        if (obj["type"] is null)
        {
            obj["type"] = "Opaque";
        }

        if (old is not null && old["type"]?.ToString() != obj["type"]?.ToString())
        {
            errors.Add(FieldErrorFactory.Invalid("type", obj["type"]?.ToString() ?? string.Empty, "field is immutable"));
        }
    }
}
