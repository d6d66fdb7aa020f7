using Harness.EnvTest.Environment;

namespace Harness.EnvTest.Tests.Environment;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("20s", 20_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("250ms", 250)]
    [InlineData("1h", 3_600_000)]
    [InlineData("0", 0)]
    public void Parse_GoDuration_ReturnsTimeSpan(string text, int milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), GoDuration.Parse("X", text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("20")]
    [InlineData("s")]
    [InlineData("20 s")]
    [InlineData("1d")]
    public void Parse_NotAGoDuration_ThrowsNamingTheVariable(string text)
    {
        var error = Assert.Throws<FormatException>(() => GoDuration.Parse("KUBEBUILDER_CONTROLPLANE_STOP_TIMEOUT", text));

        Assert.StartsWith("KUBEBUILDER_CONTROLPLANE_STOP_TIMEOUT=", error.Message);
    }
}
