using System.Text.Json.Nodes;
using Harness.EnvTest.Storage;
using Harness.EnvTest.Validation;

namespace Harness.EnvTest.Resources;

/// <summary>
/// admissionregistration v1's defaults for a webhook configuration's webhooks, set on every write: <c>failurePolicy: Fail</c>,
/// <c>matchPolicy: Equivalent</c>, empty namespace and object selectors, <c>timeoutSeconds: 10</c>, a mutating webhook's
/// <c>reinvocationPolicy: Never</c>, each rule's <c>scope: "*"</c> and a service's port 443.
/// </summary>
internal static class WebhookConfigurationDefaults
{
    public static void Validating(JsonObject configuration) => Apply(configuration, mutating: false);

    public static void Mutating(JsonObject configuration) => Apply(configuration, mutating: true);

    private static void Apply(JsonObject configuration, bool mutating)
    {
        foreach (var webhook in JsonFields.Array(configuration, "webhooks").OfType<JsonObject>())
        {
            ObjectJson.Default(webhook, "failurePolicy", "Fail");
            ObjectJson.Default(webhook, "matchPolicy", "Equivalent");
            ObjectJson.Default(webhook, "namespaceSelector", new JsonObject());
            ObjectJson.Default(webhook, "objectSelector", new JsonObject());
            ObjectJson.Default(webhook, "timeoutSeconds", 10);
            if (mutating)
            {
                ObjectJson.Default(webhook, "reinvocationPolicy", "Never");
            }

            foreach (var rule in JsonFields.Array(webhook, "rules").OfType<JsonObject>())
            {
                ObjectJson.Default(rule, "scope", "*");
            }

            if (JsonFields.Object(JsonFields.Object(webhook, "clientConfig"), "service") is { } service)
            {
                ObjectJson.Default(service, "port", 443);
            }
        }
    }
}
