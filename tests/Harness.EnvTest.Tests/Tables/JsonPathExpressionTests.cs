using System.Text.Json.Nodes;
using Harness.EnvTest.Tables;

namespace Harness.EnvTest.Tests.Tables;

public sealed class JsonPathExpressionTests
{
    private static readonly JsonNode Document = JsonNode.Parse("""
        {"status": {"phase": "Running", "replicas": 3,
          "conditions": [{"type": "Ready", "status": "True", "n": 2}, {"type": "Paused", "status": "False", "n": 5}],
          "list": ["a", "b", "c"]}}
        """)!;

    [Theory]
    [InlineData(".status.phase", "[\"Running\"]")]
    [InlineData("{.status.phase}", "[\"Running\"]")]
    [InlineData(".status['phase']", "[\"Running\"]")]
    [InlineData(".status.list[1]", "[\"b\"]")]
    [InlineData(".status.list[-1]", "[\"c\"]")]
    [InlineData(".status.list[*]", "[\"a\",\"b\",\"c\"]")]
    [InlineData(".status.list[7]", "[]")]
    [InlineData(".status.missing.deeper", "[]")]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].status", "[\"True\"]")]
    [InlineData(".status.conditions[?(@.type=='Paused')].status", "[\"False\"]")]
    [InlineData(".status.conditions[?(@.type != 'Ready')].type", "[\"Paused\"]")]
    [InlineData(".status.conditions[?(@.n > 3)].type", "[\"Paused\"]")]
    [InlineData(".status.conditions[?(@.n <= 2)].type", "[\"Ready\"]")]
    [InlineData(".status.conditions[?(@.status)].type", "[\"Ready\",\"Paused\"]")]
    [InlineData(".status.conditions[*].type", "[\"Ready\",\"Paused\"]")]
    public void Evaluate_SupportedExpression_SelectsValues(string path, string expected)
    {
        var results = JsonPathExpression.Parse(path).Evaluate(Document);

        Assert.Equal(expected, new JsonArray(results.Select(r => r?.DeepClone()).ToArray()).ToJsonString());
    }

    [Theory]
    [InlineData("status.phase")]
    [InlineData("..phase")]
    [InlineData(".status[")]
    [InlineData(".status.conditions[?(@.type=='Ready'].status")]
    [InlineData(".status[1:2]")]
    public void TryParse_UnsupportedExpression_ReportsError(string path)
    {
        Assert.False(JsonPathExpression.TryParse(path, out _, out var error));
        Assert.Contains(path.Trim(), error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => JsonPathExpression.Parse(path));
    }
}
