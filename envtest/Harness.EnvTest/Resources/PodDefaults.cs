using System.Text.Json.Nodes;
using Harness.EnvTest.Storage;
using Harness.EnvTest.Validation;

namespace Harness.EnvTest.Resources;

/// <summary>
/// kube's v1 defaults for a Pod (pkg/apis/core/v1/defaults.go: policies, containers, probes, downward API references, volume sources), the two
/// default admission plugins that write a pod on create, and its QoS class (pkg/apis/core/helper/qos).
/// </summary>
internal static class PodDefaults
{
    private const int DefaultMode = 420;
    private static readonly string[] VolumesWithDefaultMode = ["configMap", "secret", "projected", "downwardAPI"];
    private static readonly string[] ComputeResources = ["cpu", "memory"];
    private static readonly string[] ProbeNames = ["livenessProbe", "readinessProbe", "startupProbe"];
    private static readonly string[] TaintsToTolerate = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"];

    /// <summary>v1 defaulting: the pod spec's policies, each container's, each volume's.</summary>
    public static void Apply(JsonObject pod)
    {
        if (JsonFields.Object(pod, "spec") is not { } spec)
        {
            return;
        }

        ObjectJson.Default(spec, "dnsPolicy", "ClusterFirst");
        ObjectJson.Default(spec, "restartPolicy", "Always");
        ObjectJson.Default(spec, "terminationGracePeriodSeconds", 30);
        ObjectJson.Default(spec, "schedulerName", "default-scheduler");
        ObjectJson.Default(spec, "enableServiceLinks", true);
        if (spec["securityContext"] is null)
        {
            spec["securityContext"] = new JsonObject();
        }

        var hostNetwork = spec["hostNetwork"] is JsonValue flag && flag.TryGetValue<bool>(out var host) && host;
        foreach (var container in JsonFields.Array(spec, "initContainers").Concat(JsonFields.Array(spec, "containers")).OfType<JsonObject>())
        {
            DefaultContainer(container, hostNetwork, requestsFromLimits: true);
        }

        // kube defaults an ephemeral container as a container, but neither its host ports nor its requests (SetDefaults_Pod's loops skip it).
        foreach (var container in JsonFields.Array(spec, "ephemeralContainers").OfType<JsonObject>())
        {
            DefaultContainer(container, hostNetwork: false, requestsFromLimits: false);
        }

        foreach (var volume in JsonFields.Array(spec, "volumes").OfType<JsonObject>())
        {
            DefaultVolume(volume);
        }
    }

    /// <summary>
    /// Priority (no priorityClassName: priority 0, PreemptLowerPriority) and DefaultTolerationSeconds (tolerate the
    /// not-ready and unreachable NoExecute taints for 300 s unless the pod already tolerates them).
    /// </summary>
    public static void Admit(JsonObject pod)
    {
        if (JsonFields.Object(pod, "spec") is not { } spec)
        {
            return;
        }

        if (JsonFields.String(spec, "priorityClassName") is null or "")
        {
            ObjectJson.Default(spec, "priority", 0);
            ObjectJson.Default(spec, "preemptionPolicy", "PreemptLowerPriority");
        }

        TolerateUnreadyNodes(spec);
    }

    /// <summary>Priority on an update: a pod written without its priority or preemption policy keeps the stored ones.</summary>
    public static void KeepPriority(JsonObject pod, JsonObject old)
    {
        if (JsonFields.Object(pod, "spec") is not { } spec || JsonFields.Object(old, "spec") is not { } oldSpec)
        {
            return;
        }

        foreach (var field in (string[])["priority", "preemptionPolicy"])
        {
            if (spec[field] is null && oldSpec[field] is { } kept)
            {
                spec[field] = kept.DeepClone();
            }
        }
    }

    /// <summary>DefaultTolerationSeconds, which kube runs on pod updates too (an update that drops these tolerations gets them back).</summary>
    public static void TolerateUnreadyNodes(JsonObject spec)
    {
        var tolerations = JsonFields.Array(spec, "tolerations").OfType<JsonObject>().ToList();
        var added = TaintsToTolerate.Where(taint => !tolerations.Any(t => Tolerates(t, taint))).ToList();
        if (added.Count == 0)
        {
            return;
        }

        if (spec["tolerations"] is not JsonArray list)
        {
            spec["tolerations"] = list = [];
        }

        foreach (var taint in added)
        {
            list.Add(new JsonObject { ["key"] = taint, ["operator"] = "Exists", ["effect"] = "NoExecute", ["tolerationSeconds"] = 300 });
        }
    }

    /// <summary>BestEffort without cpu/memory requests or limits; Guaranteed when every container limits both and requests what it limits; else Burstable.</summary>
    public static string QosClass(JsonObject? spec)
    {
        var containers = JsonFields.Array(spec, "initContainers").Concat(JsonFields.Array(spec, "containers")).OfType<JsonObject>().ToList();
        var resources = containers.Select(c => (Requests: Compute(c, "requests"), Limits: Compute(c, "limits"))).ToList();
        if (resources.All(r => r.Requests.Count == 0 && r.Limits.Count == 0))
        {
            return "BestEffort";
        }

        var guaranteed = resources.All(r => ComputeResources.All(name => r.Limits.ContainsKey(name)
            && (!r.Requests.TryGetValue(name, out var request) || SameQuantity(request, r.Limits[name]))));
        return guaranteed ? "Guaranteed" : "Burstable";
    }

    private static bool SameQuantity(string a, string b) => Quantities.TryParse(a, out var x) && Quantities.TryParse(b, out var y) && x == y;

    private static Dictionary<string, string> Compute(JsonObject container, string kind) =>
        (JsonFields.Object(JsonFields.Object(container, "resources"), kind) ?? [])
            .Where(p => ComputeResources.Contains(p.Key) && p.Value is JsonValue)
            .ToDictionary(p => p.Key, p => p.Value!.ToString());

    private static void DefaultContainer(JsonObject container, bool hostNetwork, bool requestsFromLimits)
    {
        ObjectJson.Default(container, "terminationMessagePath", "/dev/termination-log");
        ObjectJson.Default(container, "terminationMessagePolicy", "File");
        ObjectJson.Default(container, "imagePullPolicy", PullPolicy(JsonFields.String(container, "image") ?? string.Empty));
        foreach (var env in JsonFields.Array(container, "env").OfType<JsonObject>())
        {
            DefaultDownwardReferences(JsonFields.Object(env, "valueFrom"));
        }

        foreach (var port in JsonFields.Array(container, "ports").OfType<JsonObject>())
        {
            ObjectJson.Default(port, "protocol", "TCP");
            if (hostNetwork && (JsonFields.Integer(port, "hostPort") ?? 0) == 0 && port["containerPort"] is { } containerPort)
            {
                port["hostPort"] = containerPort.DeepClone();
            }
        }

        foreach (var probe in ProbeNames.Select(name => JsonFields.Object(container, name)).OfType<JsonObject>())
        {
            ObjectJson.Default(probe, "timeoutSeconds", 1);
            ObjectJson.Default(probe, "periodSeconds", 10);
            ObjectJson.Default(probe, "successThreshold", 1);
            ObjectJson.Default(probe, "failureThreshold", 3);
            DefaultHttpGet(probe);
        }

        foreach (var handler in new[] { "postStart", "preStop" }.Select(name => JsonFields.Object(JsonFields.Object(container, "lifecycle"), name)).OfType<JsonObject>())
        {
            DefaultHttpGet(handler);
        }

        if (container["resources"] is not JsonObject resources)
        {
            container["resources"] = resources = [];
        }

        if (requestsFromLimits && JsonFields.Object(resources, "limits") is { Count: > 0 } limits)
        {
            if (resources["requests"] is not JsonObject requests)
            {
                resources["requests"] = requests = [];
            }

            foreach (var (name, value) in limits)
            {
                if (!requests.ContainsKey(name))
                {
                    requests[name] = value?.DeepClone();
                }
            }
        }
    }

    /// <summary>An HTTP GET action's path <c>/</c> and scheme <c>HTTP</c>.</summary>
    private static void DefaultHttpGet(JsonObject handler)
    {
        if (JsonFields.Object(handler, "httpGet") is { } httpGet)
        {
            ObjectJson.Default(httpGet, "path", "/");
            ObjectJson.Default(httpGet, "scheme", "HTTP");
        }
    }

    /// <summary>Always for an image without a tag or tagged <c>latest</c> (a digest pins it), else IfNotPresent.</summary>
    private static string PullPolicy(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return "IfNotPresent";
        }

        var lastPart = image[(image.LastIndexOf('/') + 1)..];
        var colon = lastPart.LastIndexOf(':');
        return colon < 0 || lastPart[(colon + 1)..] == "latest" ? "Always" : "IfNotPresent";
    }

    private static void DefaultVolume(JsonObject volume)
    {
        if (!volume.Any(p => p.Key != "name"))
        {
            volume["emptyDir"] = new JsonObject();
            return;
        }

        foreach (var kind in VolumesWithDefaultMode)
        {
            if (volume[kind] is JsonObject source)
            {
                ObjectJson.Default(source, "defaultMode", DefaultMode);
            }
        }

        VolumeSourceDefaults.Apply(volume);
        DefaultDownwardItems(JsonFields.Object(volume, "downwardAPI"));
        foreach (var projection in JsonFields.Array(JsonFields.Object(volume, "projected"), "sources").OfType<JsonObject>())
        {
            if (projection["serviceAccountToken"] is JsonObject token)
            {
                ObjectJson.Default(token, "expirationSeconds", 3600);
            }

            DefaultDownwardItems(JsonFields.Object(projection, "downwardAPI"));
        }

        if (JsonFields.Object(JsonFields.Object(JsonFields.Object(volume, "ephemeral"), "volumeClaimTemplate"), "spec") is { } claimSpec)
        {
            ObjectJson.Default(claimSpec, "volumeMode", "Filesystem");
        }
    }

    private static void DefaultDownwardItems(JsonObject? downwardApi)
    {
        foreach (var item in JsonFields.Array(downwardApi, "items").OfType<JsonObject>())
        {
            DefaultDownwardReferences(item);
        }
    }

    /// <summary>A field reference's <c>apiVersion: v1</c> (SetDefaults_ObjectFieldSelector) and a resource reference's divisor, a Go quantity written even when zero.</summary>
    private static void DefaultDownwardReferences(JsonObject? owner)
    {
        if (JsonFields.Object(owner, "fieldRef") is { } fieldRef)
        {
            ObjectJson.Default(fieldRef, "apiVersion", "v1");
        }

        if (JsonFields.Object(owner, "resourceFieldRef") is { } resourceFieldRef)
        {
            ObjectJson.Default(resourceFieldRef, "divisor", "0");
        }
    }

    private static bool Tolerates(JsonObject toleration, string taint)
    {
        var key = JsonFields.String(toleration, "key");
        var effect = JsonFields.String(toleration, "effect");
        return (key == taint || (string.IsNullOrEmpty(key) && JsonFields.String(toleration, "operator") == "Exists"))
            && (string.IsNullOrEmpty(effect) || effect == "NoExecute");
    }
}
