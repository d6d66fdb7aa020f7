using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Resources;

namespace Harness.EnvTest.Validation;

/// <summary>
/// kube-apiserver's validation of admission webhook configurations (pkg/apis/admissionregistration/validation) for the
/// fields the harness's webhooks use: names (a domain of three segments, no duplicates), failure, match and reinvocation
/// policies, side effects, timeout, client config (exactly one of url and service; https URLs), review versions.
/// </summary>
internal static class WebhookConfigurationValidation
{
    private static readonly string[] FailurePolicies = ["Fail", "Ignore"];
    private static readonly string[] MatchPolicies = ["Equivalent", "Exact"];
    private static readonly string[] SideEffects = ["None", "NoneOnDryRun"];
    private static readonly string[] ReinvocationPolicies = ["IfNeeded", "Never"];

    public static void ValidateValidating(JsonObject configuration, JsonObject? old, List<FieldError> errors) => Validate(configuration, mutating: false, errors);

    public static void ValidateMutating(JsonObject configuration, JsonObject? old, List<FieldError> errors) => Validate(configuration, mutating: true, errors);

    private static void Validate(JsonObject configuration, bool mutating, List<FieldError> errors)
    {
        var webhooks = JsonFields.Array(configuration, "webhooks");
        for (var i = 0; i < webhooks.Count; i++)
        {
            ValidateWebhook(webhooks[i], $"webhooks[{i}]", mutating, errors);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < webhooks.Count; i++)
        {
            var name = JsonFields.String(webhooks[i], "name") ?? string.Empty;
            if (!names.Add(name))
            {
                errors.Add(FieldErrorFactory.Duplicate($"webhooks[{i}].name", name));
            }
        }
    }

    private static void ValidateWebhook(JsonNode? webhook, string path, bool mutating, List<FieldError> errors)
    {
        var name = JsonFields.String(webhook, "name") ?? string.Empty;
        if (name.Length == 0)
        {
            errors.Add(FieldErrorFactory.Required(path + ".name"));
        }
        else
        {
            NameValidation.Subdomain(path + ".name", name, errors);
            if (name.Split('.').Length < 3)
            {
                errors.Add(FieldErrorFactory.Invalid(path + ".name", name, "should be a domain with at least three segments separated by dots"));
            }
        }

        NotSupported(webhook, path, "failurePolicy", FailurePolicies, errors);
        NotSupported(webhook, path, "matchPolicy", MatchPolicies, errors);
        if (JsonFields.String(webhook, "sideEffects") is null)
        {
            errors.Add(FieldErrorFactory.Required(path + ".sideEffects", "must specify one of None, NoneOnDryRun"));
        }

        NotSupported(webhook, path, "sideEffects", SideEffects, errors);
        if (JsonFields.Integer(webhook, "timeoutSeconds") is { } timeout && timeout is < 1 or > 30)
        {
            errors.Add(FieldErrorFactory.InvalidNumber(path + ".timeoutSeconds", timeout, "the timeout value must be between 1 and 30 seconds"));
        }

        if (mutating)
        {
            NotSupported(webhook, path, "reinvocationPolicy", ReinvocationPolicies, errors);
        }

        ValidateClientConfig(JsonFields.Object(webhook, "clientConfig"), path + ".clientConfig", errors);
        ValidateReviewVersions(webhook, path + ".admissionReviewVersions", errors);
    }

    private static void NotSupported(JsonNode? webhook, string path, string field, string[] supported, List<FieldError> errors)
    {
        if (JsonFields.String(webhook, field) is { } value && !supported.Contains(value))
        {
            errors.Add(FieldErrorFactory.NotSupported($"{path}.{field}", value, supported));
        }
    }

    public static void ValidateClientConfig(JsonObject? clientConfig, string path, List<FieldError> errors)
    {
        var url = JsonFields.String(clientConfig, "url");
        var service = JsonFields.Object(clientConfig, "service");
        if ((url is null) == (service is null))
        {
            errors.Add(FieldErrorFactory.Required(path, "exactly one of url or service is required"));
            return;
        }

        if (url is not null && Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add(FieldErrorFactory.Invalid(path + ".url", parsed.Scheme, "'https' is the only allowed URL scheme; desired format: https://host[/path]"));
        }
    }

    private static void ValidateReviewVersions(JsonNode? webhook, string path, List<FieldError> errors)
    {
        var versions = JsonFields.Strings(webhook, "admissionReviewVersions").ToList();
        if (versions.Count == 0)
        {
            errors.Add(FieldErrorFactory.Required(path, "must specify one of v1, v1beta1"));
        }
        else if (!versions.Any(v => v is "v1" or "v1beta1"))
        {
            errors.Add(FieldErrorFactory.InvalidRaw(path, $"[]string{{{string.Join(", ", versions.Select(FieldErrorFactory.Quote))}}}", "must include at least one of v1, v1beta1"));
        }
    }
}
