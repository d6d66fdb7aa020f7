using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Resources;

/// <summary>Built-ins with validation of their own and nothing the server sets on create.</summary>
internal sealed class ValidatingStrategy(ObjectValidator validate) : IResourceStrategy
{
    public void PrepareForCreate(JsonObject obj)
    {
    }

    public void Validate(JsonObject obj, JsonObject? old, List<FieldError> errors) => validate(obj, old, errors);
}
