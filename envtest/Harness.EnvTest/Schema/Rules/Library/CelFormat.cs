using System.Text.RegularExpressions;
using Cel;
using Harness.EnvTest.Resources;
using Harness.EnvTest.Validation;

namespace Harness.EnvTest.Schema.Rules.Library;

/// <summary>
/// apiserver's <c>kubernetes.NamedFormat</c>: a named check (<c>format.dns1123Label()</c>, <c>format.named('uuid')</c>)
/// whose <c>validate(s)</c> gives <c>optional.none()</c> for a valid string, else an optional of kube's error messages.
/// The <c>...Prefix</c> forms check a name prefix (generateName's), a trailing dash allowed.
/// </summary>
internal sealed partial class CelFormat(Func<string, IEnumerable<string>> validate)
{
    private static readonly Dictionary<string, CelFormat> Named = new(StringComparer.Ordinal)
    {
        ["dns1123Label"] = new(NameValidation.LabelErrors),
        ["dns1123Subdomain"] = new(NameValidation.SubdomainErrors),
        ["dns1035Label"] = new(NameValidation.Dns1035Problems),
        ["qualifiedName"] = new(QualifiedName.Errors),
        ["dns1123LabelPrefix"] = new(s => NameValidation.LabelErrors(MaskTrailingDash(s))),
        ["dns1123SubdomainPrefix"] = new(s => NameValidation.SubdomainErrors(MaskTrailingDash(s))),
        ["dns1035LabelPrefix"] = new(s => NameValidation.Dns1035Problems(MaskTrailingDash(s))),
        ["labelValue"] = new(LabelValidation.ValueErrors),
        ["uri"] = new(s => CelUrl.RequestUriError(s) is { } error ? [error] : []),
        ["uuid"] = new(s => StrictFormat("uuid", s, "does not match the UUID format")),
        ["byte"] = new(s => StrictFormat("byte", s, "invalid base64")),
        ["date"] = new(s => StrictFormat("date", s, "invalid date")),
        ["datetime"] = new(s => IsDateTime(s) ? [] : ["invalid datetime"]),
    };

    public static void Register(CelEnvironment environment)
    {
        foreach (var (name, format) in Named)
        {
            environment.RegisterFunction(CelNamespacedCalls.Name("format." + name), [], _ => format);
        }

        environment.RegisterFunction(CelNamespacedCalls.Name("format.named"), [typeof(string)],
            a => Named.TryGetValue((string)a[0]!, out var format) ? new CelOptional(format, true) : CelOptional.None);
        environment.RegisterFunction("validate", [typeof(CelFormat), typeof(string)],
            a => ((CelFormat)a[0]!).Validate((string)a[1]!));
    }

    private CelOptional Validate(string text) =>
        validate(text).Cast<object?>().ToArray() is { Length: > 0 } errors ? new CelOptional(errors, true) : CelOptional.None;

    /// <summary>apimachinery's maskTrailingDash: a name ending in a dash has its last two characters replaced by <c>a</c>.</summary>
    private static string MaskTrailingDash(string name) => name.Length > 1 && name.EndsWith('-') ? name[..^2] + "a" : name;

    /// <summary>
    /// strfmt's IsDateTime, stricter than a schema's <c>date-time</c>: a full date, a <c>t</c> (any case), then a time of
    /// day with seconds and a zone.
    /// </summary>
    private static bool IsDateTime(string text)
    {
        var parts = text.ToLowerInvariant().Split('t');
        return text.Length >= 4 && parts.Length >= 2 && StringFormat.Find("date")!.IsValid(parts[0])
            && TimeOfDay().Match(parts[1]) is { Success: true } time
            && string.CompareOrdinal(time.Groups[1].Value, "23") <= 0 && string.CompareOrdinal(time.Groups[2].Value, "59") <= 0
            && string.CompareOrdinal(time.Groups[3].Value, "59") <= 0;
    }

    [GeneratedRegex("^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$")]
    private static partial Regex TimeOfDay();

    private static string[] StrictFormat(string format, string text, string message) => StringFormat.Find(format)!.IsValid(text) ? [] : [message];
}
