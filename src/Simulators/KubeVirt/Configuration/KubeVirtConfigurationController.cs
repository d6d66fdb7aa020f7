using System.Net;
using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Objects;
using Harness.Simulators.KubeVirt.Watching;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Simulators.KubeVirt.Configuration;

/// <summary>
/// virt-operator's part: makes sure the <c>KubeVirt</c> object (by default <c>kubevirt/kubevirt</c>) exists,
/// created with the configured feature gates when missing, and reports it deployed.
/// </summary>
internal sealed class KubeVirtConfigurationController
{
    private const string Deployed = "Deployed";

    private readonly ClusterCache cache;
    private readonly ObjectWriter writer;
    private readonly KubeVirtSimulatorOptions options;

    public KubeVirtConfigurationController(ClusterCache cache, ObjectWriter writer, KubeVirtSimulatorOptions options)
    {
        this.cache = cache;
        this.writer = writer;
        this.options = options;
    }

    public ObjectKey Key => new(options.KubeVirtNamespace, options.KubeVirtName);

    /// <summary>Creates the namespace and the KubeVirt object when they are missing.</summary>
    public async Task EnsureAsync(CancellationToken ct)
    {
        try
        {
            await writer.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Key.Namespace } }, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
        }

        if (await writer.TryGetAsync<KubeVirtInstallation>(CustomResource.KubeVirts, Key, ct) is not null)
        {
            return;
        }

        try
        {
            await writer.CreateAsync(
                CustomResource.KubeVirts,
                new KubeVirtInstallation
                {
                    Metadata = new V1ObjectMeta { Name = Key.Name, NamespaceProperty = Key.Namespace },
                    Spec = new KubeVirtSpec
                    {
                        Configuration = new KubeVirtConfiguration
                        {
                            DeveloperConfiguration = new DeveloperConfiguration { FeatureGates = [.. options.FeatureGates] },
                        },
                    },
                },
                ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
        }
    }

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        if (key != Key || cache.KubeVirts.Get(key) is not { } kubeVirt || kubeVirt.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        if (kubeVirt.Status?.Phase == Deployed)
        {
            return ReconcileResult.Done;
        }

        var now = ConditionTime.Text(options.Runtime.Time.GetUtcNow());
        JsonObject Condition(string type, string status, string reason, string message) => new()
        {
            ["type"] = type,
            ["status"] = status,
            ["reason"] = reason,
            ["message"] = message,
            ["lastProbeTime"] = now,
            ["lastTransitionTime"] = now,
        };
        await writer.PatchStatusAsync(
            CustomResource.KubeVirts,
            key,
            new JsonObject
            {
                ["phase"] = Deployed,
                ["observedKubeVirtVersion"] = KubeVirtSimulatorOptions.ReportedKubeVirtVersion,
                ["targetKubeVirtVersion"] = KubeVirtSimulatorOptions.ReportedKubeVirtVersion,
                ["conditions"] = new JsonArray(
                    Condition("Available", "True", "AllComponentsReady", "All components are ready."),
                    Condition("Progressing", "False", "AllComponentsReady", "All components are ready."),
                    Condition("Degraded", "False", "AllComponentsReady", "All components are ready.")),
            },
            ct);
        return ReconcileResult.Done;
    }
}
