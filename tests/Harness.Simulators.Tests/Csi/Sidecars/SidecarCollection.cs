namespace Harness.Simulators.Tests.Csi.Sidecars;

/// <summary>The sidecars' end-to-end classes: they share one <see cref="SidecarWorlds"/> (one real control plane) and run one test at a time.</summary>
[CollectionDefinition(Name)]
public sealed class SidecarCollection : ICollectionFixture<SidecarWorlds>
{
    public const string Name = "sidecar-worlds";
}
