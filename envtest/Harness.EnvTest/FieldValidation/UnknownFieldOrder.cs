namespace Harness.EnvTest.FieldValidation;

/// <summary>Which of kube's decoders reports a built-in object's unknown fields, which decides their order and spelling.</summary>
internal enum UnknownFieldOrder
{
    /// <summary>The strict JSON decoder reading a body: document order, map keys in paths.</summary>
    Document,

    /// <summary>
    /// The strict JSON decoder reading JSON that Go marshalled from a map (a YAML body, a merge or JSON patch's result): every
    /// object's keys sorted, map keys in paths.
    /// </summary>
    SortedKeys,

    /// <summary>
    /// The unstructured converter (a strategic merge patch's result): sorted by message, and map keys are not in paths
    /// (<c>spec.versions[0].schema.openAPIV3Schema.properties.bogus</c>).
    /// </summary>
    Unstructured,
}
