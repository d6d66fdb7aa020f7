using System.Text.RegularExpressions;

namespace Harness.EnvTest.Validation;

/// <summary>kube's <c>IsConfigMapKey</c>: the keys of ConfigMap and Secret data.</summary>
internal static partial class ConfigKeys
{
    private const string Message =
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

    /// <summary>What is wrong with <paramref name="key"/>, in kube's order; empty when nothing is.</summary>
    public static IEnumerable<string> Errors(string key)
    {
        if (key.Length > 253)
        {
            yield return "must be no more than 253 characters";
        }

        if (!KeyRegex().IsMatch(key))
        {
            yield return Message;
        }

        switch (key)
        {
            case ".":
                yield return "must not be '.'";
                break;
            case "..":
                yield return "must not be '..'";
                break;
            case var _ when key.StartsWith("..", StringComparison.Ordinal):
                yield return "must not start with '..'";
                break;
        }
    }

    [GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial Regex KeyRegex();
}
