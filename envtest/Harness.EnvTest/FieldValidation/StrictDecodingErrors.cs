using Harness.EnvTest.Schema;

namespace Harness.EnvTest.FieldValidation;

/// <summary>
/// The strict decoding errors kube's decoders report, in their words, and how kube-apiserver turns each into
/// <c>Warning</c> headers under <c>fieldValidation=Warn</c> (a YAML error gives one warning per line).
/// </summary>
internal static class StrictDecodingErrors
{
    private const string YamlPrefix = "yaml: unmarshal errors:\n";

    private const string ConvertedYamlPrefix = "error converting YAML to JSON: " + YamlPrefix;

    public static string DuplicateField(string path) => "duplicate field " + GoValueFormat.Quote(path);

    public static string UnknownField(string path) => "unknown field " + GoValueFormat.Quote(path);

    /// <summary>go-yaml's strict error for <paramref name="lines"/> such as <c>line 5: key "name" already set in map</c>.</summary>
    public static string Yaml(IEnumerable<string> lines) => YamlPrefix + string.Concat(lines.Select((l, i) => (i == 0 ? "  " : "\n  ") + l));

    /// <summary>The same error as sigs.k8s.io/yaml wraps it (server-side apply reports this form).</summary>
    public static string ConvertedYaml(IEnumerable<string> lines) => "error converting YAML to JSON: " + Yaml(lines);

    /// <summary>The warnings an error becomes: each line of a YAML error, anything else as it is.</summary>
    public static IEnumerable<string> Warnings(string error)
    {
        var body = error.StartsWith(YamlPrefix, StringComparison.Ordinal) ? error[YamlPrefix.Length..]
            : error.StartsWith(ConvertedYamlPrefix, StringComparison.Ordinal) ? error[ConvertedYamlPrefix.Length..]
            : null;
        return body is null ? [error] : body.Split('\n').Select(l => l.Trim());
    }
}
