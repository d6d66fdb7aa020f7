using Harness.Api.Instancetypes;
using Harness.Simulators.KubeVirt.Instancetypes;

namespace Harness.Simulators.Tests.KubeVirt;

/// <summary>How an instance type's vCPUs are laid out as sockets, cores and threads for each preferred topology.</summary>
public sealed class InstancetypeTopologyTests
{
    [Theory]
    [InlineData(1u, "cores", null, null, 1u, 1u, 1u)]
    [InlineData(4u, null, null, null, 4u, 1u, 1u)]
    [InlineData(4u, "sockets", null, null, 4u, 1u, 1u)]
    [InlineData(4u, "preferCores", null, null, 1u, 4u, 1u)]
    [InlineData(4u, "threads", null, null, 1u, 1u, 4u)]
    [InlineData(4u, "any", null, null, 4u, 1u, 1u)]
    [InlineData(8u, "spread", null, null, 4u, 2u, 1u)]
    [InlineData(8u, "spread", "SocketsCores", 4u, 2u, 4u, 1u)]
    [InlineData(8u, "preferSpread", "CoresThreads", 2u, 1u, 4u, 2u)]
    [InlineData(8u, "spread", "SocketsCoresThreads", 2u, 2u, 2u, 2u)]
    public void Topology_LaysOutTheVcpusAsThePreferenceSays(uint vcpus, string? topology, string? across, uint? ratio, uint sockets, uint cores, uint threads)
    {
        var preference = topology is null ? null : new VirtualMachinePreferenceSpec
        {
            Cpu = new CpuPreferences
            {
                PreferredCpuTopology = topology,
                SpreadOptions = across is null ? null : new SpreadOptions { Across = across, Ratio = ratio },
            },
        };

        Assert.Equal((sockets, cores, threads), InstancetypeExpansion.Topology(vcpus, preference));
    }
}
