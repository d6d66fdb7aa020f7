using Harness.Api.KubeVirt;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Objects;

namespace Harness.Simulators.KubeVirt.Configuration;

/// <summary>Reads <c>spec.configuration.developerConfiguration.featureGates</c> of the KubeVirt object, fresh from the API.</summary>
internal sealed class FeatureGates
{
    private readonly ObjectWriter writer;
    private readonly ObjectKey kubeVirt;

    public FeatureGates(ObjectWriter writer, ObjectKey kubeVirt)
    {
        this.writer = writer;
        this.kubeVirt = kubeVirt;
    }

    public async Task<bool> IsEnabledAsync(string gate, CancellationToken ct)
    {
        var kv = await writer.TryGetAsync<KubeVirtInstallation>(CustomResource.KubeVirts, kubeVirt, ct);
        return kv?.Spec.Configuration?.DeveloperConfiguration?.FeatureGates?.Contains(gate) == true;
    }

    public async Task<bool> HotplugVolumesEnabledAsync(CancellationToken ct)
        => await IsEnabledAsync(KubeVirtApi.HotplugVolumesFeatureGate, ct) || await IsEnabledAsync("DeclarativeHotplugVolumes", ct);
}
