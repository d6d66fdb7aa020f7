using Harness.EnvTest.Tests.Backends;

namespace Harness.EnvTest.Tests.Serialization;

/// <summary>
/// Response bodies escape strings as Go's <c>encoding/json</c> does, and messages quote values as Go's <c>%q</c> does,
/// byte for byte on both backends.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GoJsonRenderingTests(ClusterFixture clusters)
{
    [SkippableTheory, Backends]
    public async Task Status_KeyWithHtmlControlAndNonPrintableCharacters_IsEscapedAsGoWritesIt(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        const string key = "<a&b>\u0001\u007f\u00e9\ud83d\ude00\u00a0\u2028\t";

        var (code, body) = await cluster.SendAsync(
            HttpMethod.Post, $"/api/v1/namespaces/{cluster.Namespace}/configmaps",
            $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"{{{Json(key)}}}":"x"}}""");

        Assert.Equal(422, code);
        const string field = "data[\\u003ca\\u0026b\\u003e\\u0001\u007f\u00e9\ud83d\ude00\u00a0\\u2028\\t]";
        const string value = "\\\"\\u003ca\\u0026b\\u003e\\\\x01\\\\x7f\u00e9\ud83d\ude00\\\\u00a0\\\\u2028\\\\t\\\"";
        const string detail = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
        Assert.Equal(
            $$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"ConfigMap \"c\" is invalid: {{field}}: Invalid value: {{value}}: {{detail}}","reason":"Invalid","details":{"name":"c","kind":"ConfigMap","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: {{value}}: {{detail}}","field":"{{field}}"}]},"code":422}""" + "\n",
            body);
    }

    [SkippableTheory, Backends]
    public async Task NotFound_NameWithHtmlCharacters_IsEscapedAsGoWritesIt(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, body) = await cluster.GetAsync($"/api/v1/namespaces/{cluster.Namespace}/configmaps/%3Ca%26b%3E");

        Assert.Equal(404, code);
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \"\u003ca\u0026b\u003e\" not found","reason":"NotFound","details":{"name":"\u003ca\u0026b\u003e","kind":"configmaps"},"code":404}""" + "\n",
            body);
    }

    private static string Json(string text) => System.Text.Json.JsonEncodedText.Encode(text).Value;
}
