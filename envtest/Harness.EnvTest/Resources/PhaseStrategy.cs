using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Resources;

/// <summary>Built-ins whose status starts as <c>{"phase": "..."}</c> on create (PVCs, PVs, pods), validated by <paramref name="validate"/>.</summary>
internal sealed class PhaseStrategy(string initialPhase, ObjectValidator validate) : IResourceStrategy
{
    public void PrepareForCreate(JsonObject obj) => obj["status"] = new JsonObject { ["phase"] = initialPhase };

    public void Validate(JsonObject obj, JsonObject? old, List<FieldError> errors) => validate(obj, old, errors);

    /// <summary>kube's status strategy resets only the spec: <see cref="StatusMetadata.CoreFields"/> go through.</summary>
    public void PrepareForStatusUpdate(JsonObject merged, JsonObject requested, JsonObject old) => StatusMetadata.Keep(merged, requested, StatusMetadata.CoreFields);
}
