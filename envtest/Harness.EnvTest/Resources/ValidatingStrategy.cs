using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Resources;

/// <summary>
/// Built-ins with validation of their own and, if any, the defaults their API version sets on every write and the metadata
/// a <c>/status</c> write may change (<see cref="StatusMetadata"/>; none unless given).
/// </summary>
internal sealed class ValidatingStrategy(ObjectValidator validate, Action<JsonObject>? defaults = null, IReadOnlyList<string>? statusMetadata = null)
    : IResourceStrategy
{
    public void PrepareForCreate(JsonObject obj) => Default(obj);

    public void Default(JsonObject obj) => defaults?.Invoke(obj);

    public void PrepareForStatusUpdate(JsonObject merged, JsonObject requested, JsonObject old) => StatusMetadata.Keep(merged, requested, statusMetadata ?? []);

    public void Validate(JsonObject obj, JsonObject? old, List<FieldError> errors)
    {
        Default(obj);
        validate(obj, old, errors);
    }
}
