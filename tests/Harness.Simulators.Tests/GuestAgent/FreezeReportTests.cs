using Harness.Simulators.GuestAgent;

namespace Harness.Simulators.Tests.GuestAgent;

public sealed class FreezeReportTests
{
    [Theory]
    [InlineData(FsFreezeStatus.Frozen, 0, "guest-agent: fsfreeze frozen journal 0")]
    [InlineData(FsFreezeStatus.Thawed, 1234, "guest-agent: fsfreeze thawed journal 1234")]
    public void Format_ThenParse_GivesTheStatusAndJournalBack(FsFreezeStatus status, long journal, string line)
    {
        Assert.Equal(line, FreezeReport.Format(status, journal));

        Assert.True(FreezeReport.TryParse(line, out var parsed, out var position));
        Assert.Equal((status, journal), (parsed, position));
    }

    [Theory]
    [InlineData("guest-agent: listening on /tmp/a.sock")]
    [InlineData("guest-agent: fsfreeze melted journal 3")]
    [InlineData("guest-agent: fsfreeze frozen journal -3")]
    [InlineData("guest-agent: fsfreeze frozen")]
    [InlineData("")]
    public void TryParse_OtherLines_False(string line) => Assert.False(FreezeReport.TryParse(line, out _, out _));
}
