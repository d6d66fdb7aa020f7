using Harness.EnvTest.Selectors;

namespace Harness.EnvTest.Tests.Selectors;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["example.com/tier"] = "front" };

    [Theory]
    [InlineData("", true)]
    [InlineData("app=web", true)]
    [InlineData("app = web , example.com/tier==front", true)]
    [InlineData("app!=web", false)]
    [InlineData("app in (db, web)", true)]
    [InlineData("app notin (db,web)", false)]
    [InlineData("missing", false)]
    [InlineData("!missing", true)]
    [InlineData("missing!=x", true)]
    public void Matches_Selector_AsKube(string selector, bool expected) =>
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Labels));

    [Theory]
    [InlineData("a b")]
    [InlineData("app in db")]
    [InlineData("Bad_/x=y")]
    [InlineData("app=-x")]
    public void Parse_Malformed_Throws(string selector) =>
        Assert.Throws<SelectorException>(() => LabelSelector.Parse(selector));
}
