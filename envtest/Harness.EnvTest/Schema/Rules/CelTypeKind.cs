namespace Harness.EnvTest.Schema.Rules;

/// <summary>The kinds of <see cref="CelType"/>.</summary>
internal enum CelTypeKind
{
    Dyn,
    Error,
    Object,
    Map,
    List,
    String,
    Int,
    Double,
    Bool,
    Bytes,
    Timestamp,
    Duration,
    Null,
}
