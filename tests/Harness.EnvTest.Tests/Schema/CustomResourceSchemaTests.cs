using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Backends;

namespace Harness.EnvTest.Tests.Schema;

/// <summary>
/// apiextensions-apiserver's OpenAPI validation, defaulting and pruning of custom resources, on both backends: each keyword's
/// field and message, and the ratcheting of values an update leaves as they were.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CustomResourceSchemaTests(ClusterFixture clusters)
{
    private const string Schema = """
        {"type":"object","required":["req"],
         "properties":{
           "req":{"type":"string"},
           "color":{"type":"string","enum":["red","blue"]},
           "pat":{"type":"string","pattern":"^[a-z]+$"},
           "num":{"type":"integer","minimum":1,"maximum":10,"exclusiveMaximum":true},
           "dbl":{"type":"number","multipleOf":0.5},
           "len":{"type":"string","minLength":2,"maxLength":4},
           "arr":{"type":"array","minItems":1,"maxItems":2,"items":{"type":"string"}},
           "obj":{"type":"object","minProperties":1,"maxProperties":2,"additionalProperties":{"type":"string"}},
           "fmt":{"type":"string","format":"date-time"},
           "uuid":{"type":"string","format":"uuid"},
           "ip":{"type":"string","format":"ipv4"},
           "nul":{"type":"string","nullable":true},
           "notnul":{"type":"string"},
           "ios":{"x-kubernetes-int-or-string":true},
           "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
           "set":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"}},
           "map":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["k"],"items":{"type":"object","required":["k"],"properties":{"k":{"type":"string"},"v":{"type":"integer","default":7}}}},
           "def":{"type":"string","default":"dflt"},
           "defobj":{"type":"object","default":{},"properties":{"inner":{"type":"integer","default":5}}},
           "bool":{"type":"boolean"}
         }}
        """;

    private static readonly (string Spec, string Cause)[] InvalidSpecs =
        [
            ("{}", "spec.req: Required value"),
            ("""{"req":"x","color":"green"}""", "spec.color: Unsupported value: \"green\": supported values: \"red\", \"blue\""),
            ("""{"req":"x","pat":"ABC"}""", "spec.pat: Invalid value: \"ABC\": spec.pat in body should match '^[a-z]+$'"),
            ("""{"req":"x","num":10}""", "spec.num: Invalid value: 10: spec.num in body should be less than 10"),
            ("""{"req":"x","num":0}""", "spec.num: Invalid value: 0: spec.num in body should be greater than or equal to 1"),
            ("""{"req":"x","dbl":0.3}""", "spec.dbl: Invalid value: 0.3: spec.dbl in body should be a multiple of 0.5"),
            ("""{"req":"x","len":"a"}""", "spec.len: Invalid value: \"a\": spec.len in body should be at least 2 chars long"),
            ("""{"req":"x","len":"abcdef"}""", "spec.len: Too long: may not be more than 4 bytes"),
            ("""{"req":"x","arr":[]}""", "spec.arr: Invalid value: 0: spec.arr in body should have at least 1 items"),
            ("""{"req":"x","arr":["a","b","c"]}""", "spec.arr: Too many: 3: must have at most 2 items"),
            ("""{"req":"x","obj":{}}""", "spec.obj: Invalid value: 0: spec.obj in body should have at least 1 properties"),
            ("""{"req":"x","obj":{"a":"1","b":"2","c":"3"}}""", "spec.obj: Too many: 3: must have at most 2 items"),
            ("""{"req":"x","fmt":"yesterday"}""", "spec.fmt: Invalid value: \"yesterday\": spec.fmt in body must be of type date-time: \"yesterday\""),
            ("""{"req":"x","uuid":"nope"}""", "spec.uuid: Invalid value: \"nope\": spec.uuid in body must be of type uuid: \"nope\""),
            ("""{"req":"x","ip":"300.1.1.1"}""", "spec.ip: Invalid value: \"300.1.1.1\": spec.ip in body must be of type ipv4: \"300.1.1.1\""),
            ("""{"req":"x","ios":1.5}""", "spec.ios: Invalid value: \"number\": spec.ios in body must be of type integer,string: \"number\""),
            ("""{"req":"x","ios":true}""", "spec.ios: Invalid value: \"boolean\": spec.ios in body must be of type integer,string: \"boolean\""),
            ("""{"req":"x","set":["a","a"]}""", "spec.set[1]: Duplicate value: \"a\""),
            ("""{"req":"x","map":[{"k":"a"},{"k":"a","v":2}]}""", "spec.map[1]: Duplicate value: map[string]interface {}{\"k\":\"a\"}"),
            ("""{"req":"x","bool":"true"}""", "spec.bool: Invalid value: \"string\": spec.bool in body must be of type boolean: \"string\""),
        ];

    [SkippableTheory, Backends]
    public async Task Create_InvalidSpecs_AnswerKubesCauses(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = await RuleCrd.InstallAsync(cluster, Schema);

        var answers = new List<string>();
        foreach (var (spec, _) in InvalidSpecs)
        {
            var (code, body) = await crd.CreateAsync("thing", spec);
            var causes = code == 422 ? JsonNode.Parse(body)!["details"]!["causes"]!.AsArray().Select(c => $"{(string?)c!["field"]}: {(string?)c["message"]}") : [$"{code} {body}"];
            answers.Add(string.Join(" | ", causes));
        }

        Assert.Equal(InvalidSpecs.Select(c => c.Cause), answers);
        Assert.Empty(await crd.NamesAsync());
        await crd.DeleteAsync();
    }

    [SkippableTheory, Backends]
    public async Task Create_DefaultsNullsAndUnknownFields_StoreWhatKubeStores(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = await RuleCrd.InstallAsync(cluster, Schema);

        var (code, body) = await crd.CreateAsync("thing", """{"req":"x","map":[{"k":"a"}],"nul":null,"notnul":null,"free":{"any":{"thing":[1,2]}},"unknown":1}""");

        Assert.True(code == 201, body);
        var spec = JsonNode.Parse(body)!["spec"]!.AsObject();
        Assert.Equal(
            ["def:\"dflt\"", "defobj:{\"inner\":5}", "free:{\"any\":{\"thing\":[1,2]}}", "map:[{\"k\":\"a\",\"v\":7}]", "nul:null", "req:\"x\""],
            spec.Select(p => $"{p.Key}:{p.Value?.ToJsonString() ?? "null"}").Order(StringComparer.Ordinal));
        await crd.DeleteAsync();
    }

    [SkippableTheory, Backends]
    public async Task Update_ValuesTheNewSchemaRefusesButTheUpdateLeavesAlone_AreRatcheted(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = await RuleCrd.InstallAsync(cluster, """{"type":"object","properties":{"color":{"type":"string"},"len":{"type":"string"},"other":{"type":"string"}}}""");
        RawStatus.Succeeded(await crd.CreateAsync("thing", """{"color":"red","len":"abc"}"""), 201);
        await crd.ReplaceSpecSchemaAsync("""
            {"type":"object","properties":{"color":{"type":"string","enum":["blue"]},"len":{"type":"string","maxLength":2},"other":{"type":"string"}}}
            """);
        await RuleCrd.WaitUntilAsync(async () => (await crd.CreateAsync("probe", """{"color":"red"}""")).Code == 422);

        var (code, body, warnings) = await crd.PatchSpecWithWarningsAsync("thing", """{"other":"y"}""");
        Assert.True(code == 200, body);
        Assert.Empty(warnings);
        RawStatus.Succeeded(await cluster.SendAsync(HttpMethod.Patch, $"{crd.Collection}/thing/status", """{"status":{"phase":"x"}}""", "application/merge-patch+json"), 200);

        RawStatus.Invalid(await crd.PatchSpecAsync("thing", """{"len":"abcd"}"""), "spec.len: Too long: may not be more than 2 bytes");
        RawStatus.Invalid(await crd.PatchSpecAsync("thing", """{"color":"green"}"""), "spec.color: Unsupported value: \"green\": supported values: \"blue\"");
        await crd.DeleteAsync();
    }

    [SkippableTheory, Backends]
    public async Task Read_ObjectStoredBeforeTheSchemaChanged_IsPrunedAndDefaultedAsTheNewSchemaSays(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = await RuleCrd.InstallAsync(cluster, """{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}}}""");
        RawStatus.Succeeded(await crd.CreateAsync("old", """{"a":"1","b":"2"}"""), 201);
        await crd.ReplaceSpecSchemaAsync("""{"type":"object","properties":{"a":{"type":"string"},"c":{"type":"string","default":"x"}}}""");
        var probe = "{\"apiVersion\":\"" + crd.Group + "/v1\",\"kind\":\"Thing\",\"metadata\":{\"name\":\"probe\"},\"spec\":{}}";
        await RuleCrd.WaitUntilAsync(async () => JsonNode.Parse((await cluster.SendAsync(HttpMethod.Post, crd.Collection + "?dryRun=All", probe)).Body)?["spec"]?["c"] is not null);

        var (code, body) = await cluster.GetAsync($"{crd.Collection}/old");
        var (patched, patchBody, warnings) = await crd.PatchSpecWithWarningsAsync("old", """{"a":"3"}""");

        Assert.True(code == 200, body);
        Assert.Equal("""{"a":"1","c":"x"}""", JsonNode.Parse(body)!["spec"]!.ToJsonString());
        Assert.True(patched == 200, patchBody);
        Assert.Empty(warnings);
        Assert.Equal("""{"a":"3","c":"x"}""", JsonNode.Parse(patchBody)!["spec"]!.ToJsonString());
        await crd.DeleteAsync();
    }
}
