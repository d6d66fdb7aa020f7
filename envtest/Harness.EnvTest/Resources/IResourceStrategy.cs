using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Resources;

/// <summary>Type-specific rules of a built-in resource, as kube's registry strategies hold them.</summary>
internal interface IResourceStrategy
{
    /// <summary>Sets server-owned fields of a new object (e.g. a namespace's phase and finalizer).</summary>
    void PrepareForCreate(JsonObject obj);

    /// <summary>What kube's decoder does to a written object beyond reading its fields (converting it to the internal type), in place.</summary>
    void Decode(JsonObject obj)
    {
    }

    /// <summary>Type-specific validation; adds to <paramref name="errors"/>.</summary>
    void Validate(JsonObject obj, JsonObject? old, List<FieldError> errors);
}
