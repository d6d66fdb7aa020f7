using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Patching;
using Harness.EnvTest.Patching.JsonPatch;
using Harness.EnvTest.Resources;
using Harness.EnvTest.Selectors;
using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Admission;

/// <summary>
/// The admission chain: in-process mutating handlers, then the stored MutatingWebhookConfigurations; after
/// validation, in-process validating handlers, then the stored ValidatingWebhookConfigurations. Every handler
/// sees an AdmissionReview request; a denial or a failed call (with failurePolicy Fail) rejects the request.
/// Stored webhooks are matched as kube-apiserver's webhook dispatcher does: <c>namespaceSelector</c>,
/// <c>objectSelector</c>, rules with <c>matchPolicy</c> Equivalent (another served version of the resource) or
/// Exact, and <c>sideEffects</c> on dry runs.
/// </summary>
/// <param name="caller">Calls webhooks by URL.</param>
/// <param name="storedConfigurations">The stored webhook configurations under a storage key.</param>
/// <param name="newUid">AdmissionReview uids.</param>
/// <param name="namespaceLabels">The labels of a namespace, or null when it does not exist.</param>
/// <param name="servedVersions">Every served version of a resource (for matchPolicy Equivalent).</param>
internal sealed class AdmissionChain(
    IWebhookCaller caller,
    Func<string, IReadOnlyList<StoredObject>> storedConfigurations,
    Func<string> newUid,
    Func<string, IReadOnlyDictionary<string, string>?> namespaceLabels,
    Func<ResourceDefinition, IEnumerable<ResourceDefinition>> servedVersions)
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
        foreach (var (webhookName, handler, policy, target) in Handlers(mutating: true, operation, def, ns, subresource, obj, old, dryRun))
        {
            var request = Request(operation, def, target, ns, name, subresource, mutated ?? obj, old, dryRun, user);
            var response = await CallAsync(webhookName, handler, policy, request, cancellationToken);
            if (response is null)
            {
                continue;
            }

            if (!response.Allowed)
            {
                throw WebhookDenial.Denied(webhookName, response.Status);
            }

            if (!string.IsNullOrEmpty(response.Patch) && (mutated ?? obj) is { } current)
            {
                mutated = ApplyPatch(webhookName, response, current);
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

        foreach (var (webhookName, handler, policy, target) in Handlers(mutating: false, operation, def, ns, subresource, obj, old, dryRun))
        {
            var request = Request(operation, def, target, ns, name, subresource, obj, old, dryRun, user);
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

    private IEnumerable<(string Name, Func<AdmissionRequest, CancellationToken, ValueTask<AdmissionResponse>> Handler, AdmissionFailurePolicy Policy, ResourceDefinition Target)> Handlers(
        bool mutating, string operation, ResourceDefinition def, string ns, string? subresource, JsonObject? obj, JsonObject? old, bool dryRun)
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
                yield return (registration.Name, registration.Handler.ReviewAsync, registration.FailurePolicy, def);
            }
        }

        foreach (var stored in storedConfigurations(mutating ? MutatingKey : ValidatingKey))
        {
            var configuration = ObjectJson.Parse(stored.Json);
            foreach (var webhook in (configuration["webhooks"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var rules = (webhook["rules"] as JsonArray ?? []).OfType<JsonObject>().Select(ParseRule).ToList();
                var target = MatchingResource(rules, ObjectJson.String(webhook, "matchPolicy") ?? "Equivalent", operation, def, subresource);
                if (target is null || !SelectorsMatch(webhook, def, ns, obj, old))
                {
                    continue;
                }

                var webhookName = ObjectJson.String(webhook, "name") ?? string.Empty;
                if (dryRun && ObjectJson.String(webhook, "sideEffects") is not ("None" or "NoneOnDryRun"))
                {
                    throw ApiErrors.BadRequest($"admission webhook \"{webhookName}\" does not support dry run");
                }

                var policy = ObjectJson.String(webhook, "failurePolicy") == "Ignore" ? AdmissionFailurePolicy.Ignore : AdmissionFailurePolicy.Fail;
                var timeout = TimeSpan.FromSeconds(webhook["timeoutSeconds"] is JsonValue t && t.TryGetValue<int>(out var seconds) ? seconds : 10);
                var clientConfig = webhook["clientConfig"] as JsonObject;
                var caBundle = ObjectJson.String(clientConfig, "caBundle") is { Length: > 0 } ca ? Convert.FromBase64String(ca) : null;
                yield return (webhookName, (request, ct) => CallWebhookAsync(clientConfig, caBundle, timeout, request, ct), policy, target);
            }
        }
    }

    /// <summary>
    /// The resource version a webhook is called for: the requested one when a rule matches it, else (matchPolicy
    /// Equivalent) the first served version of the same resource that a rule matches, rules in order; null: not called.
    /// </summary>
    private ResourceDefinition? MatchingResource(IReadOnlyList<AdmissionRule> rules, string matchPolicy, string operation, ResourceDefinition def, string? subresource)
    {
        if (RuleMatcher.Matches(rules, operation, def, subresource))
        {
            return def;
        }

        if (matchPolicy != "Equivalent")
        {
            return null;
        }

        var equivalents = servedVersions(def).Where(v => v.Version != def.Version).ToList();
        foreach (var rule in rules)
        {
            if (equivalents.FirstOrDefault(v => RuleMatcher.Matches([rule], operation, v, subresource)) is { } equivalent)
            {
                return equivalent;
            }
        }

        return null;
    }

    /// <summary>
    /// <c>namespaceSelector</c> against the labels of the object's namespace (of the Namespace itself when it is one;
    /// always matching for other cluster-scoped objects), and <c>objectSelector</c> against the new or the old object's labels.
    /// </summary>
    private bool SelectorsMatch(JsonObject webhook, ResourceDefinition def, string ns, JsonObject? obj, JsonObject? old)
    {
        var namespaceSelector = LabelSelector.FromObject(webhook["namespaceSelector"] as JsonObject);
        if (!namespaceSelector.IsEverything)
        {
            IReadOnlyDictionary<string, string>? labels;
            if (def.Plural == "namespaces" && def.Group.Length == 0)
            {
                labels = Labels(obj ?? old);
            }
            else if (def.Namespaced)
            {
                labels = namespaceLabels(ns) ?? throw ApiErrors.NotFound("namespaces", string.Empty, ns);
            }
            else
            {
                labels = null;
            }

            if ((def.Namespaced || def.Plural == "namespaces") && !namespaceSelector.Matches(labels))
            {
                return false;
            }
        }

        var objectSelector = LabelSelector.FromObject(webhook["objectSelector"] as JsonObject);
        return objectSelector.IsEverything
            || (obj is not null && objectSelector.Matches(Labels(obj)))
            || (old is not null && objectSelector.Matches(Labels(old)));
    }

    private static IReadOnlyDictionary<string, string>? Labels(JsonObject? obj) =>
        obj?["metadata"] is JsonObject metadata ? ObjectJson.StringMap(metadata, "labels") : null;

    /// <summary>
    /// Calls a stored webhook. <c>clientConfig.service</c> resolves through a Service in a real cluster; the embedded
    /// server has no service network, so such a call fails as kube-apiserver's does when the Service does not exist.
    /// </summary>
    private async ValueTask<AdmissionResponse> CallWebhookAsync(JsonObject? clientConfig, byte[]? caBundle, TimeSpan timeout, AdmissionRequest request, CancellationToken cancellationToken)
    {
        var seconds = ((long)timeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (clientConfig?["service"] is JsonObject service)
        {
            var serviceName = ObjectJson.String(service, "name") ?? string.Empty;
            var port = service["port"] is JsonValue p && p.TryGetValue<int>(out var number) ? number : 443;
            var address = $"https://{serviceName}.{ObjectJson.String(service, "namespace")}.svc:{port}{ObjectJson.String(service, "path")}?timeout={seconds}s";
            throw new InvalidOperationException($"failed to call webhook: Post \"{address}\": service \"{serviceName}\" not found");
        }

        var url = ObjectJson.String(clientConfig, "url")
            ?? throw new InvalidOperationException("webhook configuration must have either service or URL");
        AdmissionReview review;
        try
        {
            review = await caller.CallAsync(new Uri(url), caBundle, new AdmissionReview { Request = request }, timeout, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"failed to call webhook: Post \"{url}?timeout={seconds}s\": {e.Message}", e);
        }

        return review.Response ?? throw new InvalidOperationException("the webhook answered an AdmissionReview without a response");
    }

    private static AdmissionRule ParseRule(JsonObject rule)
    {
        static IReadOnlyList<string> Strings(JsonNode? node) =>
            node is JsonArray array ? array.Select(n => n?.GetValue<string>() ?? string.Empty).ToList() : [];
        return new AdmissionRule(Strings(rule["operations"]), Strings(rule["apiGroups"]), Strings(rule["apiVersions"]), Strings(rule["resources"]), ObjectJson.String(rule, "scope") ?? "*");
    }

    private AdmissionRequest Request(
        string operation, ResourceDefinition def, ResourceDefinition target, string ns, string name, string? subresource, JsonObject? obj, JsonObject? old, bool dryRun, string user)
    {
        var requestKind = new GroupVersionKind { Group = def.Group, Version = def.Version, Kind = def.Kind };
        var requestResource = new GroupVersionResource { Group = def.Group, Version = def.Version, Resource = def.Plural };
        return new AdmissionRequest
        {
            Uid = newUid(),
            Kind = new GroupVersionKind { Group = target.Group, Version = target.Version, Kind = target.Kind },
            Resource = new GroupVersionResource { Group = target.Group, Version = target.Version, Resource = target.Plural },
            SubResource = subresource,
            RequestKind = requestKind,
            RequestResource = requestResource,
            RequestSubResource = subresource,
            Name = name,
            Namespace = def.Namespaced ? ns : null,
            Operation = operation,
            UserInfo = new AdmissionUserInfo { Username = user, Groups = ["system:masters", "system:authenticated"] },
            Object = Served(target, obj),
            OldObject = Served(target, old),
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

        var copy = def.Converter?.FromStorage(obj) ?? (JsonObject)obj.DeepClone();
        copy["apiVersion"] = def.ApiVersion;
        return copy;
    }
}
