using Xunit.Abstractions;

namespace Harness.Simulators.Tests.Csi.Sanity;

/// <summary>The real csi-sanity, in its default configuration, against the <c>harness-csi-driver</c> process.</summary>
public sealed class CsiSanityBinaryTests(ITestOutputHelper output)
{
    /// <summary>kubernetes-csi's reference driver passes 73 of csi-sanity v5.4.0's specs (the rest it skips).</summary>
    private const int CsiDriverHostPathPassed = 73;

    [SkippableFact]
    public async Task CsiSanity_DefaultConfigurationAllCapabilities_NoSpecFails()
    {
        var binary = CsiSanityBinary.Find();
        Skip.If(binary is null, CsiSanityBinary.HowToEnable);
        using var directory = new TemporaryDirectory();
        await using var driver = await DriverProcess.StartAsync(directory.Combine("csi.sock"), "--driver-name", "csi.sanity.harness");

        var text = await CsiSanityBinary.RunAsync(binary!, driver.SocketPath, directory.Path);

        var summary = CsiSanitySummary.Parse(text);
        output.WriteLine(summary.ToString());
        Assert.True(summary.Failed == 0, $"{summary}\n\ndriver log:\n{driver.Output}{driver.Error}");
        Assert.True(summary.Passed >= CsiDriverHostPathPassed, $"fewer specs pass than on csi-driver-host-path ({CsiDriverHostPathPassed}): {summary}");
    }

    /// <summary>With <c>--csi.testnodevolumeattachlimit</c>, the node attach limit spec runs too: the driver reports
    /// <c>max_volumes_per_node</c> and refuses one attachment more.</summary>
    [SkippableFact]
    public async Task CsiSanity_NodeVolumeAttachLimitTested_EverySpecButThePendingOnePasses()
    {
        var binary = CsiSanityBinary.Find();
        Skip.If(binary is null, CsiSanityBinary.HowToEnable);
        using var directory = new TemporaryDirectory();
        await using var driver = await DriverProcess.StartAsync(directory.Combine("csi.sock"), "--driver-name", "csi.sanity.harness", "--max-volumes-per-node", "3");

        var text = await CsiSanityBinary.RunAsync(binary!, driver.SocketPath, directory.Path, "--csi.testnodevolumeattachlimit");

        var summary = CsiSanitySummary.Parse(text);
        output.WriteLine(summary.ToString());
        Assert.True(summary.Failed == 0 && summary.Skipped == 0 && summary.Passed == summary.Ran, $"{summary}\n\ndriver log:\n{driver.Output}{driver.Error}");
    }
}
