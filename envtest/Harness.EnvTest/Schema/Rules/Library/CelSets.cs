using System.Text;
using Cel;

namespace Harness.EnvTest.Schema.Rules.Library;

/// <summary>
/// cel-go's sets extension (<c>sets.contains</c>, <c>sets.equivalent</c>, <c>sets.intersects</c>, by CEL's equality of
/// their elements) and the strings extension's <c>strings.quote</c>.
/// </summary>
internal static class CelSets
{
    public static void Register(CelEnvironment environment)
    {
        Type[] lists = [typeof(object[]), typeof(object[])];
        environment.RegisterFunction(CelNamespacedCalls.Name("sets.contains"), lists, a => Contains((object?[])a[0]!, (object?[])a[1]!));
        environment.RegisterFunction(CelNamespacedCalls.Name("sets.equivalent"), lists,
            a => Contains((object?[])a[0]!, (object?[])a[1]!) && Contains((object?[])a[1]!, (object?[])a[0]!));
        environment.RegisterFunction(CelNamespacedCalls.Name("sets.intersects"), lists,
            a => ((object?[])a[1]!).Any(item => ((object?[])a[0]!).Any(member => CelEquality.Equal(member, item))));
        environment.RegisterFunction(CelNamespacedCalls.Name("strings.quote"), [typeof(string)], a => Quote((string)a[0]!));
    }

    private static bool Contains(object?[] set, object?[] items) => items.All(item => set.Any(member => CelEquality.Equal(member, item)));

    /// <summary>strings.quote: in double quotes, with C's escapes for the control characters, backslash and quote.</summary>
    private static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '\a' => "\\a",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\v' => "\\v",
                '\\' => "\\\\",
                '"' => "\\\"",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }
}
