using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Schema;

/// <summary>
/// A CustomResourceDefinition version's <c>openAPIV3Schema</c>, applied to custom objects as
/// apiextensions-apiserver does: defaulting, pruning of unknown fields, then validation.
/// </summary>
public sealed class StructuralSchema
{
    private StructuralSchema()
    {
    }

    /// <summary>Reads a schema; a schema the server cannot use is reported in <paramref name="errors"/>.</summary>
    public static StructuralSchema Parse(JsonObject openApiV3Schema, out IReadOnlyList<FieldError> errors)
        => throw new NotImplementedException("owned by the schema work item");

    /// <summary>Fills in <c>default</c> values, in place.</summary>
    public void ApplyDefaults(JsonObject obj) => throw new NotImplementedException("owned by the schema work item");

    /// <summary>Drops fields the schema does not declare (unless <c>x-kubernetes-preserve-unknown-fields</c>), in place.</summary>
    public void Prune(JsonObject obj) => throw new NotImplementedException("owned by the schema work item");

    /// <summary>Validates the whole object; an empty list means valid.</summary>
    public IReadOnlyList<FieldError> Validate(JsonObject obj) => throw new NotImplementedException("owned by the schema work item");
}
