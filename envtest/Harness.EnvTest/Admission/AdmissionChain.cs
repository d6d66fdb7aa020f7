using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Patching;
using Harness.EnvTest.Patching.JsonPatch;
using Harness.EnvTest.Resources;
using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Admission;

/// <summary>
/// The admission chain: in-process mutating handlers, then the stored MutatingWebhookConfigurations; after
/// validation, in-process validating handlers, then the stored ValidatingWebhookConfigurations. Every handler
/// sees an AdmissionReview request; a denial or a failed call (with failurePolicy Fail) rejects the request.
/// </summary>
internal sealed class AdmissionChain(IWebhookCaller caller, Func<string, IReadOnlyList<StoredObject>> storedConfigurations, Func<string> newUid)
{
    private const string MutatingKey = "admissionregistration.k8s.io/mutatingwebhookconfigurations";
    private const string ValidatingKey = "admissionregistration.k8s.io/validatingwebhookconfigurations";

    private readonly Lock gate = new();
    private IReadOnlyList<AdmissionRegistration> registrations = [];

    public void Register(AdmissionRegistration registration)
    {
        lock (gate)
        {
            registrations = [.. registrations, registration];
        }
    }

    /// <summary>Runs mutating admission; returns the mutated object, or null when nothing changed it.</summary>
    public async ValueTask<JsonObject?> AdmitAsync(
        string operation, ResourceDefinition def, string ns, string name, string? subresource, JsonObject? obj, JsonObject? old, bool dryRun, string user, CancellationToken cancellationToken)
    {
        if (IsExempt(def))
        {
            return null;
        }

        JsonObject? mutated = null;
        foreach (var (webhookName, handler, policy) in Handlers(mutating: true, operation, def, subresource))
        {
            var request = Request(operation, def, ns, name, subresource, mutated ?? obj, old, dryRun, user);
            var response = await CallAsync(webhookName, handler, policy, request, cancellationToken);
            if (response is null)
            {
                continue;
            }

            if (!response.Allowed)
            {
                throw WebhookDenial.Denied(webhookName, response.Status);
            }

            if (!string.IsNullOrEmpty(response.Patch) && (mutated ?? obj) is { } target)
            {
                mutated = ApplyPatch(webhookName, response, target);
            }
        }

        return mutated;
    }

    /// <summary>Applies a mutating response's JSONPatch (base64) to the object, as kube's mutating webhook dispatcher does.</summary>
    private static JsonObject ApplyPatch(string webhookName, AdmissionResponse response, JsonObject target)
    {
        if (response.PatchType is not (null or "JSONPatch"))
        {
            throw ApiErrors.Internal($"failed calling webhook \"{webhookName}\": unsupported patch type \"{response.PatchType}\"");
        }

        try
        {
            var patch = JsonPatchDocument.Parse(Convert.FromBase64String(response.Patch!));
            return patch.Apply(target.DeepClone()) as JsonObject
                ?? throw ApiErrors.Internal($"failed calling webhook \"{webhookName}\": the patched object is not a JSON object");
        }
        catch (Exception e) when (e is FormatException or PatchException)
        {
            throw ApiErrors.Internal($"failed calling webhook \"{webhookName}\": {e.Message}");
        }
    }

    /// <summary>Runs validating admission; throws when a handler denies.</summary>
    public async ValueTask ValidateAsync(
        string operation, ResourceDefinition def, string ns, string name, string? subresource, JsonObject? obj, JsonObject? old, bool dryRun, string user, CancellationToken cancellationToken)
    {
        if (IsExempt(def))
        {
            return;
        }

        foreach (var (webhookName, handler, policy) in Handlers(mutating: false, operation, def, subresource))
        {
            var request = Request(operation, def, ns, name, subresource, obj, old, dryRun, user);
            var response = await CallAsync(webhookName, handler, policy, request, cancellationToken);
            if (response is { Allowed: false })
            {
                throw WebhookDenial.Denied(webhookName, response.Status);
            }
        }
    }

    private static bool IsExempt(ResourceDefinition def) =>
        def.StorageKey is MutatingKey or ValidatingKey;

    private static async ValueTask<AdmissionResponse?> CallAsync(
        string webhookName, Func<AdmissionRequest, CancellationToken, ValueTask<AdmissionResponse>> handler, AdmissionFailurePolicy policy,
        AdmissionRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await handler(request, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (policy == AdmissionFailurePolicy.Ignore)
            {
                return null;
            }

            throw WebhookDenial.CallFailed(webhookName, e);
        }
    }

    private IEnumerable<(string Name, Func<AdmissionRequest, CancellationToken, ValueTask<AdmissionResponse>> Handler, AdmissionFailurePolicy Policy)> Handlers(
        bool mutating, string operation, ResourceDefinition def, string? subresource)
    {
        IReadOnlyList<AdmissionRegistration> local;
        lock (gate)
        {
            local = registrations;
        }

        foreach (var registration in local)
        {
            if (registration.Mutating == mutating && RuleMatcher.Matches(registration.Rules, operation, def, subresource))
            {
                yield return (registration.Name, registration.Handler.ReviewAsync, registration.FailurePolicy);
            }
        }

        foreach (var stored in storedConfigurations(mutating ? MutatingKey : ValidatingKey))
        {
            var configuration = ObjectJson.Parse(stored.Json);
            foreach (var webhook in (configuration["webhooks"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var rules = (webhook["rules"] as JsonArray ?? []).OfType<JsonObject>().Select(ParseRule).ToList();
                if (!RuleMatcher.Matches(rules, operation, def, subresource))
                {
                    continue;
                }

                var webhookName = ObjectJson.String(webhook, "name") ?? string.Empty;
                var policy = ObjectJson.String(webhook, "failurePolicy") == "Ignore" ? AdmissionFailurePolicy.Ignore : AdmissionFailurePolicy.Fail;
                var timeout = TimeSpan.FromSeconds(webhook["timeoutSeconds"] is JsonValue t && t.TryGetValue<int>(out var seconds) ? seconds : 10);
                var clientConfig = webhook["clientConfig"] as JsonObject;
                var url = ObjectJson.String(clientConfig, "url");
                var caBundle = ObjectJson.String(clientConfig, "caBundle") is { Length: > 0 } ca ? Convert.FromBase64String(ca) : null;
                yield return (webhookName, (request, ct) => CallWebhookAsync(url, caBundle, timeout, request, ct), policy);
            }
        }
    }

    private async ValueTask<AdmissionResponse> CallWebhookAsync(string? url, byte[]? caBundle, TimeSpan timeout, AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (url is null)
        {
            throw new InvalidOperationException("clientConfig.service is not reachable from the embedded API server; use clientConfig.url");
        }

        var review = await caller.CallAsync(new Uri(url), caBundle, new AdmissionReview { Request = request }, timeout, cancellationToken);
        return review.Response ?? throw new InvalidOperationException("the webhook answered an AdmissionReview without a response");
    }

    private static AdmissionRule ParseRule(JsonObject rule)
    {
        static IReadOnlyList<string> Strings(JsonNode? node) =>
            node is JsonArray array ? array.Select(n => n?.GetValue<string>() ?? string.Empty).ToList() : [];
        return new AdmissionRule(Strings(rule["operations"]), Strings(rule["apiGroups"]), Strings(rule["apiVersions"]), Strings(rule["resources"]), ObjectJson.String(rule, "scope") ?? "*");
    }

    private AdmissionRequest Request(string operation, ResourceDefinition def, string ns, string name, string? subresource, JsonObject? obj, JsonObject? old, bool dryRun, string user)
    {
        var kind = new GroupVersionKind { Group = def.Group, Version = def.Version, Kind = def.Kind };
        var resource = new GroupVersionResource { Group = def.Group, Version = def.Version, Resource = def.Plural };
        return new AdmissionRequest
        {
            Uid = newUid(),
            Kind = kind,
            Resource = resource,
            SubResource = subresource,
            RequestKind = kind,
            RequestResource = resource,
            RequestSubResource = subresource,
            Name = name,
            Namespace = def.Namespaced ? ns : null,
            Operation = operation,
            UserInfo = new AdmissionUserInfo { Username = user, Groups = ["system:masters", "system:authenticated"] },
            Object = Served(def, obj),
            OldObject = Served(def, old),
            DryRun = dryRun,
            Options = new JsonObject
            {
                ["kind"] = operation switch { AdmissionOperation.Create => "CreateOptions", AdmissionOperation.Update => "UpdateOptions", _ => "DeleteOptions" },
                ["apiVersion"] = "meta.k8s.io/v1",
            },
        };
    }

    private static JsonObject? Served(ResourceDefinition def, JsonObject? obj)
    {
        if (obj is null)
        {
            return null;
        }

        var copy = (JsonObject)obj.DeepClone();
        copy["apiVersion"] = def.ApiVersion;
        return copy;
    }
}
