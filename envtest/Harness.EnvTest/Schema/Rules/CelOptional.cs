namespace Harness.EnvTest.Schema.Rules;

/// <summary>
/// CEL's <c>optional</c> value, for <c>oldSelf</c> in rules with <c>optionalOldSelf: true</c>: <c>hasValue()</c>,
/// <c>value()</c> and <c>orValue(x)</c> are registered in <see cref="CelLibrary"/>.
/// </summary>
internal sealed class CelOptional(object? value, bool hasValue)
{
    public static readonly CelOptional None = new(null, false);

    public bool HasValue { get; } = hasValue;

    public object? Value => HasValue ? value : throw new InvalidOperationException("optional.none() dereference");

    public object? OrValue(object? fallback) => HasValue ? value : fallback;
}
