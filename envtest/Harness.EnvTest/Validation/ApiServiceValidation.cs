using System.Globalization;
using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Resources;
using Harness.EnvTest.Schema;

namespace Harness.EnvTest.Validation;

/// <summary>
/// kube-aggregator's APIService validation (<c>pkg/apis/apiregistration/validation</c>): the name is
/// <c>&lt;version&gt;.&lt;group&gt;</c>, the group a subdomain (empty only for <c>v1</c>), the version a DNS-1035 label,
/// the priorities in range; a local APIService (no service) has neither caBundle nor insecureSkipTLSVerify, a service
/// names its namespace and name and does not skip TLS verification beside a caBundle; conditions' statuses are kube's.
/// </summary>
internal static class ApiServiceValidation
{
    public static void Validate(JsonObject apiService, JsonObject? old, List<FieldError> errors)
    {
        var spec = JsonFields.Object(apiService, "spec");
        var group = JsonFields.String(spec, "group") ?? string.Empty;
        var version = JsonFields.String(spec, "version") ?? string.Empty;
        var name = JsonFields.String(JsonFields.Object(apiService, "metadata"), "name") ?? string.Empty;
        var required = version + "." + group;
        if (name.Length > 0 && name != required)
        {
            errors.Add(FieldErrorFactory.Invalid("metadata.name", name, $"must be `spec.version+\".\"+spec.group`: {GoValueFormat.Quote(required)}"));
        }

        if (group.Length == 0 && version != "v1")
        {
            errors.Add(FieldErrorFactory.Required("spec.group", "only v1 may have an empty group and it better be legacy kube"));
        }

        if (group.Length > 0)
        {
            errors.AddRange(NameValidation.SubdomainErrors(group).Select(problem => FieldErrorFactory.Invalid("spec.group", group, problem)));
        }

        errors.AddRange(NameValidation.Dns1035Problems(version).Select(problem => FieldErrorFactory.Invalid("spec.version", version, problem)));

        Priority(spec, "groupPriorityMinimum", 20000, errors);
        Priority(spec, "versionPriority", 1000, errors);
        ValidateBackend(spec, errors);
        ValidateConditions(apiService, errors);
    }

    private static void Priority(JsonObject? spec, string name, long max, List<FieldError> errors)
    {
        var value = JsonFields.Integer(spec, name) ?? 0;
        if (value <= 0 || value > max)
        {
            errors.Add(FieldErrorFactory.InvalidNumber("spec." + name, value, $"must be positive and less than {max.ToString(CultureInfo.InvariantCulture)}"));
        }
    }

    private static void ValidateBackend(JsonObject? spec, List<FieldError> errors)
    {
        var caBundleBytes = JsonFields.String(spec, "caBundle") is { Length: > 0 } caBundle ? Base64Length(caBundle) : 0;
        var insecure = spec?["insecureSkipTLSVerify"] is JsonValue flag && flag.TryGetValue<bool>(out var skip) && skip;
        if (JsonFields.Object(spec, "service") is not { } service)
        {
            if (caBundleBytes > 0)
            {
                errors.Add(FieldErrorFactory.Invalid("spec.caBundle", $"{caBundleBytes.ToString(CultureInfo.InvariantCulture)} bytes", "local APIServices may not have a caBundle"));
            }

            if (insecure)
            {
                errors.Add(FieldErrorFactory.InvalidRaw("spec.insecureSkipTLSVerify", "true", "local APIServices may not have insecureSkipTLSVerify"));
            }

            return;
        }

        foreach (var field in new[] { "namespace", "name" })
        {
            if ((JsonFields.String(service, field) ?? string.Empty).Length == 0)
            {
                errors.Add(FieldErrorFactory.Required("spec.service." + field));
            }
        }

        if (insecure && caBundleBytes > 0)
        {
            errors.Add(FieldErrorFactory.InvalidRaw("spec.insecureSkipTLSVerify", "true", "may not be true if caBundle is present"));
        }
    }

    private static void ValidateConditions(JsonObject apiService, List<FieldError> errors)
    {
        var conditions = JsonFields.Array(JsonFields.Object(apiService, "status"), "conditions");
        for (var i = 0; i < conditions.Count; i++)
        {
            if (JsonFields.String(conditions[i], "status") is { } status && status is not ("True" or "False" or "Unknown"))
            {
                errors.Add(FieldErrorFactory.NotSupported($"status.conditions[{i}].status", status, ["True", "False", "Unknown"]));
            }
        }
    }

    private static int Base64Length(string text) => text.Length / 4 * 3 - (text.EndsWith("==", StringComparison.Ordinal) ? 2 : text.EndsWith('=') ? 1 : 0);
}
