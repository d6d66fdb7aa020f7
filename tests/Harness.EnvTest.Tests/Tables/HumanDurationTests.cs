using Harness.EnvTest.Tables;

namespace Harness.EnvTest.Tests.Tables;

public sealed class HumanDurationTests
{
    [Theory]
    [InlineData(-5, "<invalid>")]
    [InlineData(-1, "0s")]
    [InlineData(0, "0s")]
    [InlineData(119, "119s")]
    [InlineData(120, "2m")]
    [InlineData(150, "2m30s")]
    [InlineData(600, "10m")]
    [InlineData(179 * 60 + 59, "179m")]
    [InlineData(3 * 3600 + 600, "3h10m")]
    [InlineData(8 * 3600 + 600, "8h")]
    [InlineData(50 * 3600, "2d2h")]
    [InlineData(9 * 86400 + 3600, "9d")]
    [InlineData(385 * 86400 * 2, "2y40d")]
    [InlineData(9 * 365 * 86400, "9y")]
    public void Format_Age_MatchesKubectl(long seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void ConvertObject_DateColumnWithServerTime_ShowsAge()
    {
        var converter = TableConverter.ForColumns([new PrinterColumn("Age", "date", ".metadata.creationTimestamp")]);
        var item = System.Text.Json.Nodes.JsonNode.Parse("""{"metadata": {"name": "a", "creationTimestamp": "2026-01-01T00:00:00Z"}}""")!.AsObject();

        var table = converter.ConvertObject(item, new TableOptions { Now = new DateTimeOffset(2026, 1, 1, 0, 2, 30, TimeSpan.Zero) });

        Assert.Equal("""["a","2m30s"]""", table["rows"]![0]!["cells"]!.ToJsonString());
    }
}
