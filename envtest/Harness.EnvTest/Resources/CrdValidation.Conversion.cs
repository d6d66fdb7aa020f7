using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Schema;
using Harness.EnvTest.Storage;
using Harness.EnvTest.Validation;

namespace Harness.EnvTest.Resources;

/// <summary>A CRD's conversion: its strategy, and a webhook's client config and review versions.</summary>
internal static partial class CrdValidation
{
    private static void ValidateConversion(JsonObject spec, List<FieldError> errors)
    {
        if (JsonFields.Object(spec, "conversion") is not { } conversion)
        {
            return;
        }

        var strategy = ObjectJson.String(conversion, "strategy") ?? string.Empty;
        if (strategy != "None" && Flag(spec, "preserveUnknownFields"))
        {
            errors.Add(FieldErrorFactory.Invalid("spec.conversion.strategy", strategy, "must be None if spec.preserveUnknownFields is true"));
        }

        if (strategy is not ("None" or "Webhook"))
        {
            errors.Add(strategy.Length == 0 ? FieldErrorFactory.Required("spec.conversion.strategy") : FieldErrorFactory.NotSupported("spec.conversion.strategy", strategy, ["None", "Webhook"]));
        }

        var webhook = JsonFields.Object(conversion, "webhook");
        var clientConfig = JsonFields.Object(webhook, "clientConfig");
        var reviewVersions = JsonFields.Strings(webhook, "conversionReviewVersions").ToList();
        if (strategy != "Webhook")
        {
            if (clientConfig is not null)
            {
                errors.Add(FieldErrorFactory.Forbidden("spec.conversion.webhookClientConfig", "should not be set when strategy is not set to Webhook"));
            }

            if (reviewVersions.Count > 0)
            {
                errors.Add(FieldErrorFactory.Forbidden("spec.conversion.conversionReviewVersions", "should not be set when strategy is not set to Webhook"));
            }

            return;
        }

        if (clientConfig is null)
        {
            errors.Add(FieldErrorFactory.Required("spec.conversion.webhookClientConfig", "required when strategy is set to Webhook"));
        }
        else
        {
            WebhookConfigurationValidation.ValidateClientConfig(clientConfig, "spec.conversion.webhookClientConfig", errors);
        }

        ValidateReviewVersions(reviewVersions, "spec.conversion.conversionReviewVersions", errors);
    }

    private static void ValidateReviewVersions(List<string> versions, string path, List<FieldError> errors)
    {
        if (versions.Count == 0)
        {
            errors.Add(FieldErrorFactory.Required(path));
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < versions.Count; i++)
        {
            if (!seen.Add(versions[i]))
            {
                errors.Add(FieldErrorFactory.Invalid($"{path}[{i}]", versions[i], "duplicate version"));
            }
            else
            {
                errors.AddRange(NameValidation.Dns1035Problems(versions[i]).Select(problem => FieldErrorFactory.Invalid($"{path}[{i}]", versions[i], problem)));
            }
        }

        if (!versions.Any(v => v is "v1" or "v1beta1"))
        {
            errors.Add(FieldErrorFactory.InvalidRaw(path, $"[]string{{{string.Join(", ", versions.Select(GoValueFormat.Quote))}}}", "must include at least one of v1, v1beta1"));
        }
    }
}
