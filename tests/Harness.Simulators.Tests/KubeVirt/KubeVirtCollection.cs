namespace Harness.Simulators.Tests.KubeVirt;

/// <summary>The KubeVirt end-to-end classes: they share one <see cref="KubeVirtWorlds"/> (one real control plane) and run one test at a time.</summary>
[CollectionDefinition(Name)]
public sealed class KubeVirtCollection : ICollectionFixture<KubeVirtWorlds>
{
    public const string Name = "kubevirt-worlds";
}
