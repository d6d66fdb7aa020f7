using Harness.EnvTest.Errors;

namespace Harness.EnvTest.FieldValidation;

/// <summary>Reads <c>fieldValidation</c> from a write's query, as kube-apiserver's Create/Update/PatchOptions validation does.</summary>
internal static class FieldValidationQuery
{
    private static readonly string[] Supported = [string.Empty, "Ignore", "Strict", "Warn"];

    /// <summary>The directive; absent or empty means Warn. <paramref name="optionsKind"/> names the options in the 422 for other values.</summary>
    public static FieldValidationDirective Read(IReadOnlyDictionary<string, string> query, string optionsKind) =>
        query.GetValueOrDefault("fieldValidation") switch
        {
            null or "" or "Warn" => FieldValidationDirective.Warn,
            "Ignore" => FieldValidationDirective.Ignore,
            "Strict" => FieldValidationDirective.Strict,
            var other => throw ApiErrors.Invalid(optionsKind, "meta.k8s.io", string.Empty, [FieldErrorFactory.NotSupported("fieldValidation", other, Supported)]),
        };

    /// <summary>The options kind of a write method: CreateOptions, UpdateOptions or PatchOptions.</summary>
    public static string OptionsKind(string method) => method switch
    {
        "POST" => "CreateOptions",
        "PATCH" => "PatchOptions",
        _ => "UpdateOptions",
    };
}
