namespace Harness.EnvTest.FieldValidation;

/// <summary>The JSON values a leaf of a built-in Go type decodes, for finding values of the wrong type.</summary>
internal enum FieldValueType
{
    /// <summary>Anything: free-form values (RawExtension, JSON) and the decoders this check does not model.</summary>
    Any,

    String,

    Bool,

    /// <summary>A JSON integer within the range of <see cref="FieldShape.GoType"/> (int32, int64).</summary>
    Integer,

    /// <summary>Any JSON number (float64).</summary>
    Number,

    /// <summary>A string, or an integer within int32's range; its own decoder rejects anything else.</summary>
    IntOrString,

    /// <summary>A string or a number, read by resource.Quantity's own decoder.</summary>
    Quantity,

    /// <summary>A string, read by Time's and MicroTime's own decoders.</summary>
    Time,

    /// <summary>A base64 string ([]byte).</summary>
    Bytes,
}
