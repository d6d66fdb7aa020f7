using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Backends;

namespace Harness.EnvTest.Tests.Schema;

/// <summary>
/// Custom objects as kube-apiserver encodes them (decoded into Go maps: keys in byte order at every level, numbers as
/// int64 or float64), in every response that carries one, byte for byte on both backends.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CustomObjectEncodingTests(ClusterFixture clusters)
{
    private const string Unstructured = """{"type":"object","x-kubernetes-preserve-unknown-fields":true}""";

    private const string Spec =
        """{"zeta":1,"Alpha":2,"alpha":{"z":[{"b":1,"a":2}],"a":"x"},"_x":1.0,"n":1e3,"f":-1.5e-10,"big":12345678901234567890,"tiny":0.0000001,"huge":1e21,"neg":-0,"\u00e9":1,"\ud83d\ude00":3,"\uffff":4}""";

    private const string GoSpec =
        """{"Alpha":2,"_x":1,"alpha":{"a":"x","z":[{"a":2,"b":1}]},"big":12345678901234567000,"f":-1.5e-10,"huge":1e+21,"n":1000,"neg":0,"tiny":1e-7,"zeta":1,"é":1,"￿":4,"😀":3}""";

    private const string SpecFields =
        """{".":{},"f:Alpha":{},"f:_x":{},"f:alpha":{".":{},"f:a":{},"f:z":{}},"f:big":{},"f:f":{},"f:huge":{},"f:n":{},"f:neg":{},"f:tiny":{},"f:zeta":{},"f:é":{},"f:￿":{},"f:😀":{}}""";

    [SkippableTheory, Backends]
    public async Task CreateGetListWatch_UnsortedKeysAndNumbers_AnswerTheObjectAsAGoMap(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = await RuleCrd.InstallAsync(cluster, Unstructured);

        var created = await cluster.SendAsync(HttpMethod.Post, crd.Collection, $$$"""
            {"spec":{{{Spec}}},"metadata":{"labels":{"z":"1","a":"2"},"name":"a","annotations":{"y":"1","b":"2"}},"kind":"Thing","apiVersion":"{{{crd.Group}}}/v1"}
            """);
        var got = await cluster.GetAsync(crd.Collection + "/a");
        var listed = await cluster.GetAsync(crd.Collection);
        var watched = await cluster.GetAsync(crd.Collection + "?watch=true&resourceVersion=0&timeoutSeconds=1");

        Assert.Equal(201, created.Code);
        var expected = Expected(cluster, crd, created.Body, """{"annotations":{"b":"2","y":"1"},"creationTimestamp":"{created}","generation":1,"labels":{"a":"2","z":"1"},""",
            """{"f:metadata":{"f:annotations":{".":{},"f:b":{},"f:y":{}},"f:labels":{".":{},"f:a":{},"f:z":{}}},"f:spec":""" + SpecFields + "}");
        Assert.Equal(expected + "\n", created.Body);
        Assert.Equal((200, expected + "\n"), got);
        Assert.Equal((200, $$$"""{"apiVersion":"{{{crd.Group}}}/v1","items":[{{{expected}}}],"kind":"ThingList","metadata":{"continue":"","resourceVersion":"{{{Version(expected)}}}"}}""" + "\n"), listed);
        Assert.Equal((200, """{"type":"ADDED","object":""" + expected + "}\n"), watched);
        await crd.DeleteAsync();
    }

    [SkippableTheory, Backends]
    public async Task PatchAndDryRun_AnswerTheObjectAsAGoMap(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = await RuleCrd.InstallAsync(cluster, Unstructured);
        Assert.Equal(201, (await crd.CreateAsync("a", """{"zeta":1}""")).Code);

        var patched = await crd.PatchSpecAsync("a", """{"b":{"y":2.50,"x":1}}""");
        var dryRun = await cluster.SendAsync(HttpMethod.Post, crd.Collection + "?dryRun=All", $$"""
            {"spec":{"y":1,"x":2.0},"metadata":{"name":"b"},"kind":"Thing","apiVersion":"{{crd.Group}}/v1"}
            """);

        Assert.Equal(200, patched.Code);
        Assert.EndsWith("""
            "name":"a","namespace":"{ns}","resourceVersion":"{rv}","uid":"{uid}"},"spec":{"b":{"x":1,"y":2.5},"zeta":1}}
            """.Replace("{ns}", cluster.Namespace).Replace("{rv}", Version(patched.Body)).Replace("{uid}", Uid(patched.Body)) + "\n", patched.Body);
        Assert.Equal(201, dryRun.Code);
        Assert.EndsWith("""
            "name":"b","namespace":"{ns}","uid":"{uid}"},"spec":{"x":2,"y":1}}
            """.Replace("{ns}", cluster.Namespace).Replace("{uid}", Uid(dryRun.Body)) + "\n", dryRun.Body);
        await crd.DeleteAsync();
    }

    [SkippableTheory, Backends]
    public async Task ListWithLimit_AnswersAnUnstructuredListWithItsRemainingCount(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = await RuleCrd.InstallAsync(cluster, Unstructured);
        var empty = await cluster.GetAsync(crd.Collection);
        Assert.Equal(201, (await crd.CreateAsync("a", "{}")).Code);
        Assert.Equal(201, (await crd.CreateAsync("b", "{}")).Code);

        var (code, body) = await cluster.GetAsync(crd.Collection + "?limit=1");

        Assert.Equal((200, $$$"""{"apiVersion":"{{{crd.Group}}}/v1","items":[],"kind":"ThingList","metadata":{"continue":"","resourceVersion":"{{{Version(empty.Body)}}}"}}""" + "\n"), empty);
        Assert.Equal(200, code);
        var metadata = JsonNode.Parse(body)!["metadata"]!;
        Assert.EndsWith(
            $$$"""],"kind":"ThingList","metadata":{"continue":"{{{(string?)metadata["continue"]}}}","remainingItemCount":1,"resourceVersion":"{{{(string?)metadata["resourceVersion"]}}}"}}""" + "\n",
            body);
        Assert.StartsWith($$"""{"apiVersion":"{{crd.Group}}/v1","items":[{"apiVersion":""", body);
        await crd.DeleteAsync();
    }

    [SkippableTheory, Backends]
    public async Task Delete_ObjectWithFinalizer_BumpsTheGenerationAndDeleteCollectionAnswersTheListAsListed(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = await RuleCrd.InstallAsync(cluster, Unstructured);
        foreach (var name in new[] { "a", "b" })
        {
            var thing = $$$"""{"apiVersion":"{{{crd.Group}}}/v1","kind":"Thing","metadata":{"name":"{{{name}}}","finalizers":["example.com/hold"]},"spec":{}}""";
            Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, crd.Collection, thing)).Code);
        }

        var deleted = await cluster.SendAsync(HttpMethod.Delete, crd.Collection + "/a");
        var listed = await cluster.GetAsync(crd.Collection);
        var collection = await cluster.SendAsync(HttpMethod.Delete, crd.Collection);
        var after = await cluster.GetAsync(crd.Collection + "/b");

        Assert.Equal(200, deleted.Code);
        var metadata = JsonNode.Parse(deleted.Body)!["metadata"]!;
        Assert.Equal(2, (long)metadata["generation"]!);
        Assert.Equal(0, (long)metadata["deletionGracePeriodSeconds"]!);
        Assert.Equal(listed, collection);
        Assert.Null(JsonNode.Parse(listed.Body)!["items"]![1]!["metadata"]!["deletionTimestamp"]);
        Assert.Equal(2, (long)JsonNode.Parse(after.Body)!["metadata"]!["generation"]!);
        foreach (var name in new[] { "a", "b" })
        {
            await cluster.SendAsync(HttpMethod.Patch, $"{crd.Collection}/{name}", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        }

        await crd.DeleteAsync();
    }

    /// <summary>The object kube answers for <see cref="Spec"/>, its server-set values read from <paramref name="body"/>.</summary>
    private static string Expected(ClusterScope cluster, RuleCrd crd, string body, string metadataStart, string fields)
    {
        var metadata = JsonNode.Parse(body)!["metadata"]!;
        var created = (string?)metadata["creationTimestamp"];
        var entry = metadata["managedFields"]![0]!;
        return $$"""{"apiVersion":"{{crd.Group}}/v1","kind":"Thing","metadata":""" + metadataStart.Replace("{created}", created)
            + $$$"""
                "managedFields":[{"apiVersion":"{{{crd.Group}}}/v1","fieldsType":"FieldsV1","fieldsV1":{{{fields}}},"manager":"{{{(string?)entry["manager"]}}}","operation":"Update","time":"{{{(string?)entry["time"]}}}"}],
                """
            + $$$"""
                "name":"a","namespace":"{{{cluster.Namespace}}}","resourceVersion":"{{{Version(body)}}}","uid":"{{{Uid(body)}}}"},"spec":{{{GoSpec}}}}
                """;
    }

    private static string? Version(string body)
    {
        var node = JsonNode.Parse(body)!;
        return (string?)node["metadata"]!["resourceVersion"];
    }

    private static string? Uid(string body) => (string?)JsonNode.Parse(body)!["metadata"]!["uid"];
}
