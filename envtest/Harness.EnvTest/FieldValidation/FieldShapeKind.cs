namespace Harness.EnvTest.FieldValidation;

/// <summary>How a built-in type's decoder treats a JSON value, for finding unknown fields.</summary>
internal enum FieldShapeKind
{
    /// <summary>
    /// No fields to look into: a scalar, or a value with its own JSON decoder (RawExtension, JSON, FieldsV1, Quantity, IntOrString, Time);
    /// <see cref="FieldShape.ValueType"/> says which JSON values it takes.
    /// </summary>
    Opaque,

    /// <summary>An object whose keys must be the type's fields.</summary>
    Struct,

    /// <summary>A list; each item has <see cref="FieldShape.Element"/>'s shape.</summary>
    List,

    /// <summary>An object with free keys; each value has <see cref="FieldShape.Element"/>'s shape.</summary>
    Map,

    /// <summary>
    /// A value a custom decoder reads with a non-strict decoder (JSONSchemaPropsOrArray, OrBool, OrStringArray): a schema object,
    /// or a list of them, whose unknown fields are dropped without being reported.
    /// </summary>
    QuietSchema,
}
