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
    Uint,
    Double,
    Bool,
    Bytes,
    Timestamp,
    Duration,
    Null,
    Optional,

    /// <summary>A type as a value (<c>type(x)</c>, <c>int</c>), of the type in <see cref="CelType.Element"/>.</summary>
    Type,

    /// <summary>A library's type (<c>kubernetes.Quantity</c>, <c>net.IP</c>), by <see cref="CelType.TypeName"/>.</summary>
    Opaque,
}
