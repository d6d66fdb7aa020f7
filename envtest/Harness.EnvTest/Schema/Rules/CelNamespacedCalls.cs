namespace Harness.EnvTest.Schema.Rules;

/// <summary>
/// Functions declared under a namespace (<c>format.dns1123Label()</c>, <c>ip.isCanonical(s)</c>, <c>optional.of(x)</c>):
/// the <c>Cel</c> package would evaluate the namespace as a variable, so <see cref="CelOperatorRewrite"/> writes each such
/// call as a global call of the name given here.
/// </summary>
internal static class CelNamespacedCalls
{
    /// <summary>The name the function is registered under: <c>format.named</c> as <c>__format_named__</c>.</summary>
    public static string Name(string qualified) => "__" + qualified.Replace('.', '_') + "__";

    /// <summary>Whether <paramref name="expression"/> may call one (the namespaces the harness evaluates).</summary>
    public static bool MayCall(string expression) =>
        expression.Contains("format.", StringComparison.Ordinal) || expression.Contains("ip.", StringComparison.Ordinal)
        || expression.Contains("optional.", StringComparison.Ordinal) || expression.Contains("sets.", StringComparison.Ordinal)
        || expression.Contains("strings.", StringComparison.Ordinal);
}
