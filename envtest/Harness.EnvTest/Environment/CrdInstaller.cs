using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;

namespace Harness.EnvTest.Environment;

/// <summary>
/// Installs CRDs through the API and waits until every served version answers and the CRD is Established.
/// Manifests travel as JSON (the custom-object calls on <c>apiextensions.k8s.io/v1</c>): the typed CRD model would
/// cost a fresh process tens of milliseconds of serializer start-up for nothing.
/// </summary>
internal static class CrdInstaller
{
    private const string Group = "apiextensions.k8s.io";
    private const string Version = "v1";
    private const string Plural = "customresourcedefinitions";

    public static async Task InstallAsync(IKubernetes client, IReadOnlyList<JsonObject> crds, CancellationToken cancellationToken)
    {
        foreach (var crd in crds)
        {
            try
            {
                await client.CustomObjects.CreateClusterCustomObjectAsync(crd, Group, Version, Plural, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException conflict) when (conflict.Response.StatusCode == HttpStatusCode.Conflict)
            {
                var name = NameOf(crd);
                var existing = JsonObject.Create(Element(
                    await client.CustomObjects.GetClusterCustomObjectAsync(Group, Version, Plural, name, cancellationToken)))!;
                existing["spec"] = crd["spec"]?.DeepClone();
                var metadata = existing["metadata"]!.AsObject();
                metadata["labels"] = crd["metadata"]?["labels"]?.DeepClone();
                metadata["annotations"] = crd["metadata"]?["annotations"]?.DeepClone();
                await client.CustomObjects.ReplaceClusterCustomObjectAsync(existing, Group, Version, Plural, name, cancellationToken: cancellationToken);
            }
        }
    }

    public static async Task WaitForCrdsAsync(
        IKubernetes client, IReadOnlyList<JsonObject> crds, CrdInstallOptions options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetTimestamp() + (long)(options.MaxTime.TotalSeconds * timeProvider.TimestampFrequency);
        var pending = new List<JsonObject>(crds);
        while (true)
        {
            var notReady = new List<JsonObject>();
            foreach (var crd in pending)
            {
                if (!await IsReadyAsync(client, crd, cancellationToken))
                {
                    notReady.Add(crd);
                }
            }

            pending = notReady;
            if (pending.Count == 0)
            {
                return;
            }

            if (timeProvider.GetTimestamp() > deadline)
            {
                throw new TimeoutException(
                    $"CRDs not served and Established after {options.MaxTime.TotalSeconds:0.#} s: {string.Join(", ", pending.Select(NameOf))}");
            }

            await Task.Delay(options.PollInterval, timeProvider, cancellationToken);
        }
    }

    public static async Task UninstallAsync(IKubernetes client, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        foreach (var name in names)
        {
            try
            {
                await client.CustomObjects.DeleteClusterCustomObjectAsync(Group, Version, Plural, name, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException missing) when (missing.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // Already gone.
            }
        }
    }

    public static string NameOf(JsonObject crd)
        => crd["metadata"]?["name"]?.GetValue<string>() ?? throw new ArgumentException("a CRD manifest has no metadata.name");

    private static async Task<bool> IsReadyAsync(IKubernetes client, JsonObject crd, CancellationToken cancellationToken)
    {
        JsonElement current;
        try
        {
            current = Element(await client.CustomObjects.GetClusterCustomObjectAsync(Group, Version, Plural, NameOf(crd), cancellationToken));
        }
        catch (HttpOperationException missing) when (missing.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        if (!IsEstablished(current))
        {
            return false;
        }

        var spec = crd["spec"]!;
        var group = spec["group"]!.GetValue<string>();
        var plural = spec["names"]!["plural"]!.GetValue<string>();
        foreach (var version in spec["versions"]!.AsArray().Where(version => version?["served"]?.GetValue<bool>() == true))
        {
            try
            {
                await client.CustomObjects.ListClusterCustomObjectAsync(
                    group, version!["name"]!.GetValue<string>(), plural, limit: 1, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException notServed) when (notServed.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
        }

        return true;
    }

    // KubernetesClient hands untyped answers over as the JsonElement it read.
    private static JsonElement Element(object answer)
        => answer is JsonElement element ? element : throw new InvalidDataException($"unexpected answer type {answer.GetType()} for a CRD");

    private static bool IsEstablished(JsonElement crd)
        => crd.TryGetProperty("status", out var status)
            && status.TryGetProperty("conditions", out var conditions)
            && conditions.ValueKind == JsonValueKind.Array
            && conditions.EnumerateArray().Any(condition
                => condition.TryGetProperty("type", out var type) && type.ValueEquals("Established")
                && condition.TryGetProperty("status", out var value) && value.ValueEquals("True"));
}
