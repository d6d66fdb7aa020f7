using System.Text.RegularExpressions;
using Harness.EnvTest.Tests.Backends;

namespace Harness.EnvTest.Tests.Serialization.GoStructs;

/// <summary>
/// Built-in objects come back as kube-apiserver's Go structs write them, whatever order the client sent: fields in declaration
/// order, map keys sorted, unset fields without <c>omitempty</c> written, empty <c>omitempty</c> ones dropped; byte for byte on
/// both backends once the values only the server knows (uid, resourceVersion, times) are replaced.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed partial class BuiltInObjectEncodingTests(ClusterFixture clusters)
{
    public static TheoryData<Backend, string, string, string> Objects => Cases.Data();

    [SkippableTheory, MemberData(nameof(Objects))]
    public async Task CreateThenGet_FieldsInAnyOrder_AnswerTheGoStructsEncoding(Backend backend, string collection, string body, string expected)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var path = collection.Replace("{ns}", cluster.Namespace, StringComparison.Ordinal);
        var sent = body.Replace("{ns}", cluster.Namespace, StringComparison.Ordinal);

        var created = await cluster.SendAsync(HttpMethod.Post, path, sent);
        var name = Regex.Match(sent, "\"name\":\"([^\"]+)\"").Groups[1].Value;
        var got = await cluster.GetAsync(path + "/" + name);
        if (!path.Contains("/namespaces/", StringComparison.Ordinal))
        {
            await cluster.SendAsync(HttpMethod.Delete, path + "/" + name);
        }

        Assert.Equal(201, created.Code);
        Assert.Equal(expected + "\n", Normalized(got.Body, cluster.Namespace));
        Assert.Equal(Normalized(created.Body, cluster.Namespace), Normalized(got.Body, cluster.Namespace));
    }

    /// <summary>The body with what only the server knows replaced: uid, resourceVersion, times, the test's namespace.</summary>
    private static string Normalized(string body, string ns)
    {
        var text = Uid().Replace(body, "\"uid\":\"{uid}\"");
        text = ResourceVersion().Replace(text, "\"resourceVersion\":\"{rv}\"");
        text = Time().Replace(text, "\"$1\":\"{time}\"");
        return text.Replace(ns, "{ns}", StringComparison.Ordinal);
    }

    [GeneratedRegex("\"uid\":\"[0-9a-f-]{36}\"")]
    private static partial Regex Uid();

    [GeneratedRegex("\"resourceVersion\":\"[0-9]+\"")]
    private static partial Regex ResourceVersion();

    [GeneratedRegex("\"(creationTimestamp|time)\":\"[0-9TZ:.-]+\"")]
    private static partial Regex Time();
}
