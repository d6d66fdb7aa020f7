using Harness.EnvTest.Tests.Backends;

namespace Harness.EnvTest.Tests.Schema;

/// <summary>
/// CEL <c>x-kubernetes-validations</c> on custom resources, on both backends: kube-apiserver's fields, reasons and
/// messages for failed rules, evaluation errors, transition rules and ratcheting.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ValidationRuleTests(ClusterFixture clusters)
{
    private const string SpecRules = """
        {"type":"object",
         "x-kubernetes-validations":[
           {"rule":"has(self.a) || has(self.b)"},
           {"rule":"!has(self.c) || self.c.size() < 5","message":"c too long","fieldPath":".c","reason":"FieldValueForbidden"},
           {"rule":"!has(self.d) || self.d > 0","messageExpression":"'d is bad for ' + self.a"},
           {"rule":"!has(self.e) || self.e == 'x'","message":"e must be x","reason":"FieldValueRequired"},
           {"rule":"!has(self.f) || self.f != 'dup'","reason":"FieldValueDuplicate"}
         ],
         "properties":{
           "a":{"type":"string","maxLength":10},"b":{"type":"string"},"c":{"type":"string","maxLength":20},"d":{"type":"integer"},
           "e":{"type":"string"},"f":{"type":"string"},"typed":{"type":"integer"},
           "name":{"type":"string","maxLength":20,"x-kubernetes-validations":[{"rule":"self.lowerAscii() == self","message":"lower case only"}]},
           "labels":{"type":"object","maxProperties":5,"additionalProperties":{"type":"string","maxLength":10,"x-kubernetes-validations":[{"rule":"self != 'bad'"}]}},
           "list":{"type":"array","maxItems":10,"items":{"type":"integer","x-kubernetes-validations":[{"rule":"self < 10"}]},"x-kubernetes-validations":[{"rule":"self.all(x, x >= 0)","message":"non-negative"}]},
           "when":{"type":"string","format":"date-time","x-kubernetes-validations":[{"rule":"self > timestamp('2020-01-01T00:00:00Z')"}]}
         }}
        """;

    [SkippableTheory, Backends]
    public async Task Create_FailedRules_AnswerWithTheirFieldReasonAndMessage(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = await RuleCrd.InstallAsync(cluster, SpecRules, """[{"rule":"self.metadata.name.startsWith('ok')","message":"name starts ok"}]""");

        RawStatus.Invalid(await crd.CreateAsync("ok-none", "{}"), "spec: Invalid value: \"object\": failed rule: has(self.a) || has(self.b)");
        RawStatus.Invalid(await crd.CreateAsync("ok-c", """{"a":"1","c":"toolong"}"""), "spec.c: Forbidden: c too long");
        RawStatus.Invalid(await crd.CreateAsync("ok-d", """{"a":"1","d":-3}"""), "spec: Invalid value: \"object\": d is bad for 1");
        RawStatus.Invalid(await crd.CreateAsync("ok-e", """{"a":"1","e":"y"}"""), "spec: Required value: e must be x");
        RawStatus.Invalid(await crd.CreateAsync("ok-f", """{"a":"1","f":"dup"}"""), "spec: Duplicate value: \"object\"");
        RawStatus.Invalid(await crd.CreateAsync("bad", """{"a":"1"}"""), "<nil>: Invalid value: \"object\": name starts ok");
        RawStatus.Invalid(await crd.CreateAsync("ok-name", """{"a":"1","name":"ABC"}"""), "spec.name: Invalid value: \"string\": lower case only");
        RawStatus.Invalid(await crd.CreateAsync("ok-labels", """{"a":"1","labels":{"app":"bad"}}"""), "spec.labels[app]: Invalid value: \"string\": failed rule: self != 'bad'");
        RawStatus.Invalid(await crd.CreateAsync("ok-when", """{"a":"1","when":"2019-01-01T00:00:00Z"}"""), "spec.when: Invalid value: \"string\": failed rule: self > timestamp('2020-01-01T00:00:00Z')");
        RawStatus.Invalid(
            await crd.CreateAsync("ok-list", """{"a":"1","list":[1,20,-1]}"""),
            "spec.list: Invalid value: \"array\": non-negative", "spec.list[1]: Invalid value: \"integer\": failed rule: self < 10");
        RawStatus.Succeeded(await crd.CreateAsync("ok-valid", """{"a":"1","c":"abc","d":2,"e":"x","name":"abc","labels":{"app":"good"},"list":[0,9],"when":"2021-01-01T00:00:00Z"}"""), 201);
        Assert.Single(await crd.NamesAsync());
        await crd.DeleteAsync();
    }

    [SkippableTheory, Backends]
    public async Task Create_WrongTypeBeforeRules_SaysTheRulesWereNotChecked(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = await RuleCrd.InstallAsync(cluster, SpecRules);

        RawStatus.Invalid(
            await crd.CreateAsync("typed", """{"typed":"abc"}"""),
            "spec.typed: Invalid value: \"string\": spec.typed in body must be of type integer: \"string\"",
            "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation");
        await crd.DeleteAsync();
    }

    [SkippableTheory, Backends]
    public async Task Create_RuleEvaluationErrors_AnswerCelGosErrors(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = await RuleCrd.InstallAsync(cluster, """
            {"type":"object","properties":{
              "missing":{"type":"object","properties":{"x":{"type":"integer"}},"x-kubernetes-validations":[{"rule":"self.x == 1"}]},
              "div":{"type":"integer","x-kubernetes-validations":[{"rule":"10 / self > 0"}]},
              "ios":{"x-kubernetes-int-or-string":true,"x-kubernetes-validations":[{"rule":"self > 1"}]}
            }}
            """);

        RawStatus.Invalid(await crd.CreateAsync("missing", """{"missing":{}}"""), "spec.missing: Invalid value: \"object\": no such key: x evaluating rule: self.x == 1");
        RawStatus.Invalid(await crd.CreateAsync("div", """{"div":0}"""), "spec.div: Invalid value: \"integer\": division by zero evaluating rule: 10 / self > 0");
        RawStatus.Invalid(
            await crd.CreateAsync("ios", """{"ios":"abc"}"""),
            "spec.ios: Invalid value: \"\": 'no such overload': call arguments did not match a supported operator, function or macro signature for rule: self > 1");
        RawStatus.Succeeded(await crd.CreateAsync("fine", """{"missing":{"x":1},"div":5,"ios":2}"""), 201);
        await crd.DeleteAsync();
    }

    [SkippableTheory, Backends]
    public async Task Update_TransitionRules_CompareWithTheOldValueWhereOneCorrelates(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = await RuleCrd.InstallAsync(cluster, """
            {"type":"object","properties":{
              "imm":{"type":"string","x-kubernetes-validations":[{"rule":"self == oldSelf","message":"imm is immutable"}]},
              "opt":{"type":"string","maxLength":10,"x-kubernetes-validations":[{"rule":"oldSelf.hasValue() || self.startsWith('new-')","optionalOldSelf":true,"message":"starts new-"}]},
              "items":{"type":"array","maxItems":4,"x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["k"],
                "items":{"type":"object","required":["k"],"properties":{"k":{"type":"string","maxLength":5},"v":{"type":"string","maxLength":5,"x-kubernetes-validations":[{"rule":"self == oldSelf","message":"v fixed"}]}}}}
            }}
            """);

        RawStatus.Succeeded(await crd.CreateAsync("a", """{"imm":"v1","opt":"new-1","items":[{"k":"a","v":"1"},{"k":"b","v":"2"}]}"""), 201);
        RawStatus.Invalid(await crd.CreateAsync("b", """{"opt":"old-1"}"""), "spec.opt: Invalid value: \"string\": starts new-");

        RawStatus.Invalid(await crd.PatchSpecAsync("a", """{"imm":"v2"}"""), "spec.imm: Invalid value: \"string\": imm is immutable");
        RawStatus.Invalid(await crd.PatchSpecAsync("a", """{"items":[{"k":"b","v":"3"},{"k":"a","v":"1"},{"k":"c","v":"9"}]}"""), "spec.items[0].v: Invalid value: \"string\": v fixed");
        RawStatus.Succeeded(await crd.PatchSpecAsync("a", """{"opt":"old-2","items":[{"k":"b","v":"2"},{"k":"c","v":"9"}]}"""), 200);
        RawStatus.Succeeded(await crd.PatchSpecAsync("a", """{"imm":null}"""), 200);
        await crd.DeleteAsync();
    }

    [SkippableTheory, Backends]
    public async Task Equality_SetAndMapLists_CompareAsSetsAndByKeyWhenOnTheLeft(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = await RuleCrd.InstallAsync(cluster, """
            {"type":"object","properties":{
              "tags":{"type":"array","maxItems":4,"x-kubernetes-list-type":"set","items":{"type":"string","maxLength":5},"x-kubernetes-validations":[{"rule":"self == oldSelf","message":"tags fixed"}]},
              "ports":{"type":"array","maxItems":4,"x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
                "items":{"type":"object","required":["name"],"properties":{"name":{"type":"string","maxLength":5},"port":{"type":"integer"}}},
                "x-kubernetes-validations":[{"rule":"self == oldSelf","message":"ports fixed"}]},
              "atomic":{"type":"array","maxItems":4,"items":{"type":"string","maxLength":5},"x-kubernetes-validations":[{"rule":"self == oldSelf","message":"atomic fixed"}]},
              "want":{"type":"array","maxItems":4,"x-kubernetes-list-type":"set","items":{"type":"string","maxLength":5},
                "x-kubernetes-validations":[{"rule":"self == ['x', 'y']","message":"set on the left"},{"rule":"['x', 'y'] != self","message":"literal on the left"}]},
              "nested":{"type":"object","properties":{"s":{"type":"array","maxItems":4,"x-kubernetes-list-type":"set","items":{"type":"integer"}}},
                "x-kubernetes-validations":[{"rule":"self == oldSelf","message":"nested fixed"}]}
            }}
            """);

        RawStatus.Succeeded(await crd.CreateAsync("a", """{"tags":["a","b"],"ports":[{"name":"p","port":1},{"name":"q","port":2}],"atomic":["a","b"],"want":["y","x"],"nested":{"s":[1,2]}}"""), 201);
        RawStatus.Invalid(await crd.CreateAsync("b", """{"want":["x","y"]}"""), "spec.want: Invalid value: \"array\": literal on the left");

        RawStatus.Succeeded(await crd.PatchSpecAsync("a", """{"tags":["b","a"],"ports":[{"name":"q","port":2},{"name":"p","port":1}],"nested":{"s":[2,1]}}"""), 200);
        RawStatus.Invalid(await crd.PatchSpecAsync("a", """{"tags":["a","c"]}"""), "spec.tags: Invalid value: \"array\": tags fixed");
        RawStatus.Invalid(await crd.PatchSpecAsync("a", """{"ports":[{"name":"p","port":1},{"name":"q","port":3}]}"""), "spec.ports: Invalid value: \"array\": ports fixed");
        RawStatus.Invalid(await crd.PatchSpecAsync("a", """{"atomic":["b","a"]}"""), "spec.atomic: Invalid value: \"array\": atomic fixed");
        RawStatus.Invalid(await crd.PatchSpecAsync("a", """{"nested":{"s":[1,3]}}"""), "spec.nested: Invalid value: \"object\": nested fixed");
        await crd.DeleteAsync();
    }

    [SkippableTheory, Backends]
    public async Task Addition_SetAndMapListsOnTheLeft_UnionAndMergeByKey(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = await RuleCrd.InstallAsync(cluster, """
            {"type":"object","properties":{
              "mode":{"type":"string","maxLength":10},
              "tags":{"type":"array","maxItems":4,"x-kubernetes-list-type":"set","items":{"type":"string","maxLength":5}},
              "ports":{"type":"array","maxItems":4,"x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
                "items":{"type":"object","required":["name","port"],"properties":{"name":{"type":"string","maxLength":5},"port":{"type":"integer"}}}}
             },
             "x-kubernetes-validations":[
               {"rule":"self.mode != 'union' || (self.tags + ['c', 'a']).size() == 3 && (self.tags + ['c', 'a'])[2] == 'c' && (['c', 'a'] + self.tags).size() == 4","message":"union"},
               {"rule":"self.mode != 'seteq' || self.tags + ['a'] == ['b', 'a']","message":"set equality"},
               {"rule":"self.mode != 'merge' || (self.ports + oldSelf.ports).size() == 3 && (self.ports + oldSelf.ports)[0].port == 2","message":"merge"}
             ]}
            """);

        RawStatus.Succeeded(await crd.CreateAsync("a", """{"mode":"union","tags":["a","b"]}"""), 201);
        RawStatus.Invalid(await crd.CreateAsync("b", """{"mode":"union","tags":["a","b","c","d"]}"""), "spec: Invalid value: \"object\": union");
        RawStatus.Succeeded(await crd.CreateAsync("c", """{"mode":"seteq","tags":["a","b"]}"""), 201);
        RawStatus.Succeeded(await crd.CreateAsync("d", """{"mode":"none","ports":[{"name":"p","port":1},{"name":"q","port":2}]}"""), 201);
        RawStatus.Succeeded(await crd.PatchSpecAsync("d", """{"mode":"merge","ports":[{"name":"q","port":5},{"name":"r","port":3}]}"""), 200);
        RawStatus.Succeeded(await crd.PatchSpecAsync("d", """{"mode":"none","ports":[{"name":"p","port":1},{"name":"q","port":2}]}"""), 200);
        RawStatus.Invalid(await crd.PatchSpecAsync("d", """{"mode":"merge","ports":[{"name":"q","port":5}]}"""), "spec: Invalid value: \"object\": merge");
        await crd.DeleteAsync();
    }

    [SkippableTheory, Backends]
    public async Task Update_UnchangedValueFailingANewRule_IsAWarningNotAnError(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = await RuleCrd.InstallAsync(cluster, """{"type":"object","properties":{"a":{"type":"string"},"c":{"type":"string","maxLength":20}}}""");
        RawStatus.Succeeded(await crd.CreateAsync("thing", """{"a":"1","c":"toolong"}"""), 201);
        await crd.ReplaceSpecSchemaAsync("""
            {"type":"object","properties":{"a":{"type":"string"},"c":{"type":"string","maxLength":20,"x-kubernetes-validations":[{"rule":"self.size() < 5"}]}}}
            """);
        await RuleCrd.WaitUntilAsync(async () => (await crd.CreateAsync("probe", """{"c":"toolong"}""")).Code == 422);

        var (code, body, warnings) = await crd.PatchSpecWithWarningsAsync("thing", """{"a":"2"}""");

        Assert.True(code == 200, body);
        Assert.Equal(["299 - \"spec.c: Invalid value: \\\"string\\\": failed rule: self.size() < 5\""], warnings);
        RawStatus.Invalid(await crd.PatchSpecAsync("thing", """{"c":"toolong2"}"""), "spec.c: Invalid value: \"string\": failed rule: self.size() < 5");
        await crd.DeleteAsync();
    }
}
