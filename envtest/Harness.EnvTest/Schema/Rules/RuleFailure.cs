using System.Text.RegularExpressions;
using Cel;

namespace Harness.EnvTest.Schema.Rules;

/// <summary>The text cel-go gives an evaluation error (<c>no such key: x</c>, <c>division by zero</c>), for the <c>Cel</c> package's exceptions.</summary>
internal static partial class RuleFailure
{
    public static string Text(Exception error) => Cause(error) switch
    {
        CelNoSuchFieldException e when MissingField().Match(e.Message) is { Success: true } m => "no such key: " + m.Groups["name"].Value,
        CelArgumentRangeException e when e.Message.StartsWith("Key", StringComparison.Ordinal) => "no such key",
        CelArgumentRangeException => "index out of bounds",
        CelDivideByZeroException => "division by zero",
        CelModulusByZeroException => "modulus by zero",
        CelOverflowException => "integer overflow",
        var cause => cause.Message,
    };

    public static bool IsNoSuchOverload(Exception error) => Cause(error) is CelNoSuchOverloadException;

    /// <summary>
    /// The error an operand of <c>&amp;&amp;</c> or <c>||</c> raised, which the <c>Cel</c> package wraps in a no-such-overload
    /// error of its own; cel-go answers the operand's error.
    /// </summary>
    private static Exception Cause(Exception error)
    {
        while (error is CelNoSuchOverloadException { InnerException: { } inner } && error.Message.StartsWith("Could not compare", StringComparison.Ordinal))
        {
            error = inner;
        }

        return error;
    }

    [GeneratedRegex("select field '(?<name>[^']*)'")]
    private static partial Regex MissingField();
}
