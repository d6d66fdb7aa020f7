using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Resources;

/// <summary>Built-ins with validation of their own and, if any, the defaults their API version sets on every write.</summary>
internal sealed class ValidatingStrategy(ObjectValidator validate, Action<JsonObject>? defaults = null) : IResourceStrategy
{
    public void PrepareForCreate(JsonObject obj) => defaults?.Invoke(obj);

    public void Validate(JsonObject obj, JsonObject? old, List<FieldError> errors)
    {
        defaults?.Invoke(obj);
        validate(obj, old, errors);
    }
}
