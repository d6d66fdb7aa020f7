using Harness.Simulators.GuestAgent;

namespace Harness.Simulators.Tests.GuestAgent;

public sealed class GuestFaultsTests
{
    [Fact]
    public void FromAnnotations_EveryFault_IsSwitchedOn()
    {
        var faults = GuestFaults.FromAnnotations(new Dictionary<string, string>
        {
            ["harness.kubevirt.io/guest-agent"] = "true",
            ["harness.kubevirt.io/guest-freeze-hang"] = "45s",
            ["harness.kubevirt.io/guest-freeze-fail"] = "true",
            ["harness.kubevirt.io/guest-thaw-limit"] = "10s",
            ["harness.kubevirt.io/guest-agent-latency"] = "50ms..200ms",
            ["harness.kubevirt.io/guest-agent-crash-after"] = "3",
            ["harness.kubevirt.io/guest-agent-disconnect-after"] = "2",
            ["harness.kubevirt.io/some-other-part"] = "ignored",
            ["kubevirt.io/latest-observed-api-version"] = "v1",
        });

        Assert.True(faults.FreezeHangs);
        Assert.Equal(TimeSpan.FromSeconds(45), faults.FreezeHangDuration);
        Assert.True(faults.FreezeFails);
        Assert.Equal(TimeSpan.FromSeconds(10), faults.ThawLimit);
        Assert.Equal(new LatencyRange(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200)), faults.Latency);
        Assert.Equal(3, faults.CrashAfterCommands);
        Assert.Equal(2, faults.DisconnectAfterCommands);
    }

    [Fact]
    public void FromAnnotations_NoAnnotations_IsNone()
    {
        Assert.Equal(GuestFaults.None, GuestFaults.FromAnnotations(null));
        Assert.Equal(GuestFaults.None, GuestFaults.FromAnnotations(new Dictionary<string, string>()));
    }

    [Theory]
    [InlineData("harness.kubevirt.io/guest-freeze-hang", "soon", "'soon' is not a duration")]
    [InlineData("harness.kubevirt.io/guest-freeze-fail", "yes", "must be \"true\" or \"false\"")]
    [InlineData("harness.kubevirt.io/guest-thaw-limit", "0s", "greater than zero")]
    [InlineData("harness.kubevirt.io/guest-agent-latency", "200ms..50ms", "maximum below its minimum")]
    [InlineData("harness.kubevirt.io/guest-agent-crash-after", "-1", "is not a command count")]
    [InlineData("harness.kubevirt.io/guest-agent", "off", "must be \"true\" or \"false\"")]
    [InlineData("harness.kubevirt.io/guest-freeze-slow", "true", "is not a guest fault")]
    public void FromAnnotations_BadValue_ThrowsNamingTheAnnotation(string annotation, string value, string message)
    {
        var error = Assert.Throws<FormatException>(() => GuestFaults.FromAnnotations(new Dictionary<string, string> { [annotation] = value }));

        Assert.Contains(annotation, error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void IsAgentEnabled_Annotation_DecidesWhetherTheGuestRunsAnAgent(string? value, bool expected)
    {
        var annotations = value is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [GuestFaults.AgentAnnotation] = value };

        Assert.Equal(expected, GuestFaults.IsAgentEnabled(annotations));
    }

    [Theory]
    [InlineData("freeze-hang")]
    [InlineData("freeze-hang=1m30s")]
    [InlineData("freeze-fail")]
    [InlineData("thaw-limit=10s")]
    [InlineData("latency=50ms..200ms")]
    [InlineData("crash-after=4")]
    [InlineData("disconnect-after=1")]
    public void ToCommandLineArguments_ParsedBack_GivesTheSameFaults(string specification)
    {
        var faults = GuestFaults.Parse([specification]);

        var arguments = faults.ToCommandLineArguments();
        var parsedBack = GuestFaults.Parse(arguments.Where((_, i) => i % 2 == 1));

        Assert.Equal(faults, parsedBack);
        Assert.NotEqual(GuestFaults.None, faults);
    }

    [Fact]
    public void Parse_ThawLimitWithoutValue_UsesTheVssLimit()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), GuestFaults.Parse(["thaw-limit"]).ThawLimit);
    }

    [Fact]
    public void Parse_UnknownFault_ListsTheKnownOnes()
    {
        var error = Assert.Throws<FormatException>(() => GuestFaults.Parse(["freeze-slow"]));

        Assert.Contains("unknown fault 'freeze-slow'", error.Message, StringComparison.Ordinal);
        Assert.Contains("thaw-limit", error.Message, StringComparison.Ordinal);
    }
}
