using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Backends;

namespace Harness.EnvTest.Tests.Schema;

/// <summary>
/// apiextensions-apiserver's CEL cost estimation at CRD write, on both backends: a rule's estimated worst-case cost times
/// how often it can run must stay within 10,000,000, and all of a schema's rules and messageExpressions together within
/// 100,000,000. The rules sit on the items of lists whose <c>maxItems</c> makes the factor in the message the rule's cost
/// divided by 10, so each case pins cel-go's and apiserver's estimate exactly.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ValidationRuleCostTests(ClusterFixture clusters)
{
    private const string Hint = " (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)";

    private const string ItemsPath = "spec.validation.openAPIV3Schema.properties[spec].properties[l].items.x-kubernetes-validations[0]";

    private const string ItemProperties = """
        {"s":{"type":"string","maxLength":10},"b":{"type":"boolean"},
         "ls":{"type":"array","maxItems":5,"items":{"type":"string","maxLength":10}},
         "lo":{"type":"array","maxItems":3,"items":{"type":"object","properties":{"a":{"type":"string","maxLength":2}}}},
         "m":{"type":"object","maxProperties":4,"additionalProperties":{"type":"string","maxLength":3}}}
        """;

    [SkippableTheory]
    [BackendsData("self.ls.all(x, x == 'a')", "2.8x")]
    [BackendsData("self.ls.exists(x, x == 'a')", "3.3x")]
    [BackendsData("self.ls.exists_one(x, x == 'a')", "2.4x")]
    [BackendsData("self.ls.map(x, x).size() > 0", "8.0x")]
    [BackendsData("self.ls.filter(x, x == 'a').size() > 0", "9.0x")]
    [BackendsData("self.ls.map(x, x).all(y, y.contains('a'))", "9.9x")]
    [BackendsData("['a','b'].all(x, x == 'c')", "1.9x")]
    [BackendsData("{'a': 1}.size() == 1", "3.2x")]
    [BackendsData("self.lo.all(x, x.a == 'b')", "2.1x")]
    [BackendsData("self.m.all(k, self.m[k] == 'x')", "3.5x")]
    [BackendsData("self.m.exists(k, k == 'a')", "2.3x")]
    [BackendsData("self.s.split(',').size() > 0", "1.200000x")]
    [BackendsData("self.s.replace('a','bc') == 'x'", "1.100000x")]
    [BackendsData("self.ls.join(',') == 'a'", "2.4x")]
    [BackendsData("self.ls.isSorted()", "2.7x")]
    [BackendsData("self.s.matches('ab') && self.s.contains('ab') && self.s.startsWith('a') && has(self.s)", "1.7x")]
    [BackendsData("self.ls.all(x, url(x).getHost() == 'a')", "5.3x")]
    [BackendsData("self.ls.all(x, cidr('10.0.0.0/8').containsIP(x))", "6.8x")]
    public async Task Create_RuleOverBudget_AnswersTheEstimatedFactor(Backend backend, string rule, string factor)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var response = await CreateAsync(cluster, ItemsSchema(1_000_000, $$"""{"type":"object","properties":{{ItemProperties}},"x-kubernetes-validations":[{"rule":"{{rule}}"}]}"""));

        RawStatus.Invalid(response, $"{ItemsPath}.rule: Forbidden: estimated rule cost exceeds budget by factor of {factor}{Hint}");
    }

    [SkippableTheory]
    [BackendsData("self.s.lowerAscii() == 'a'")]
    [BackendsData("self.s.indexOf('a') > 0")]
    [BackendsData("has(self.lo) && self.lo.size() > 1")]
    public async Task Create_RuleWithinBudget_IsAccepted(Backend backend, string rule)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var response = await CreateAsync(cluster, ItemsSchema(1_000_000, $$"""{"type":"object","properties":{{ItemProperties}},"x-kubernetes-validations":[{"rule":"{{rule}}"}]}"""));

        RawStatus.Succeeded(response, 201);
    }

    [SkippableTheory, Backends]
    public async Task Create_RuleUnderAListWithoutMaxItems_CountsAsManyItemsAsFitInARequest(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var response = await CreateAsync(cluster, ItemsSchema(null, """
            {"type":"object","required":["n"],"properties":{"n":{"type":"string","maxLength":1},
             "tags":{"type":"array","maxItems":10,"items":{"type":"string","maxLength":5}}},
             "x-kubernetes-validations":[{"rule":"self.tags.all(t, t == 'x')"}]}
            """));

        RawStatus.Invalid(response, $"{ItemsPath}.rule: Forbidden: estimated rule cost exceeds budget by factor of 1.7x{Hint}");
    }

    [SkippableTheory, Backends]
    public async Task Create_RuleOverAHundredTimesTheBudget_AlsoExceedsTheSchemaTotal(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var response = await CreateAsync(cluster, ItemsSchema(1_000_000, $$"""
            {"type":"object","properties":{{ItemProperties}},"x-kubernetes-validations":[{"rule":"self.ls.exists(x, self.ls.exists(y, x == y))"}]}
            """));

        RawStatus.Invalid(response, [$"{ItemsPath}.rule: Forbidden: estimated rule cost exceeds budget by factor of 28.8x{Hint}", .. TotalExceeded("2.9x", $"{ItemsPath}.rule")]);
    }

    /// <summary>apiserver's library costs: a parse per character (twice for <c>ip.isCanonical</c>), a format's <c>validate</c> as a regular expression of 128 characters.</summary>
    [SkippableTheory]
    [BackendsData("self.ls.all(x, cidr('10.0.0.0/8').containsCIDR(x) && quantity(x).isInteger() && ip.isCanonical(x))", "15.8x", "1.6x")]
    [BackendsData("self.ls.all(x, cidr(x).containsIP(ip(x)) && isURL(x) && format.dns1123Label().validate(x).hasValue())", "75.3x", "7.5x")]
    public async Task Create_LibraryCallsOverBudget_AlsoExceedTheSchemaTotal(Backend backend, string rule, string factor, string total)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var response = await CreateAsync(cluster, ItemsSchema(1_000_000, $$"""{"type":"object","properties":{{ItemProperties}},"x-kubernetes-validations":[{"rule":"{{rule}}"}]}"""));

        RawStatus.Invalid(response, [$"{ItemsPath}.rule: Forbidden: estimated rule cost exceeds budget by factor of {factor}{Hint}", .. TotalExceeded(total, $"{ItemsPath}.rule")]);
    }

    [SkippableTheory, Backends]
    public async Task Create_MessageExpressionOfUnboundedSize_IsOverBudget(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var response = await CreateAsync(cluster, """
            {"type":"object","properties":{"n":{"type":"integer"}},
             "x-kubernetes-validations":[{"rule":"self.n > 0","messageExpression":"'bad ' + string(self.n)"}]}
            """);

        const string path = "spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].messageExpression";
        RawStatus.Invalid(response, [$"{path}: Forbidden: estimated messageExpression cost exceeds budget by factor of more than 100x{Hint}", .. TotalExceeded("more than 100x", path)]);
    }

    [SkippableTheory, Backends]
    public async Task Create_RulesEachWithinBudget_ExceedTheSchemaTotalTogether(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        long[] maxItems = [4_000_000, 5_000_000, 4_000_000, 4_750_000, 4_000_000, 4_000_000, 4_500_000, 4_000_000, 4_000_000, 4_250_000, 4_000_000, 4_000_000, 4_000_000];
        var properties = new JsonObject();
        for (var i = 0; i < maxItems.Length; i++)
        {
            properties[$"l{i}"] = JsonNode.Parse($$$"""
                {"type":"array","maxItems":{{{maxItems[i]}}},"items":{"type":"object","properties":{"b":{"type":"boolean"}},"x-kubernetes-validations":[{"rule":"self.b"}]}}
                """);
        }

        var response = await CreateAsync(cluster, new JsonObject { ["type"] = "object", ["properties"] = properties }.ToJsonString());

        RawStatus.Invalid(response, TotalExceeded("1.090000x", [.. new[] { 1, 3, 6, 9 }.Select(i => $"spec.validation.openAPIV3Schema.properties[spec].properties[l{i}].items.x-kubernetes-validations[0].rule")]));
    }

    /// <summary>
    /// A rule within the estimate's budget but over the per-call limit of 1,000,000 at runtime stops there with kube's
    /// error. Two nested <c>all</c> over n integers with a literal predicate cost 3n² + 6n + 3 in cel-go's tracker: 998,787
    /// for 576 items (accepted), 1,002,252 for 577 (refused), so the count through comprehensions is exact.
    /// </summary>
    [SkippableTheory, Backends]
    public async Task CreateObject_RuleCostlierThanThePerCallLimit_StopsWithKubesError(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        const string Rule = "self.items.all(x, self.items.all(y, true))";
        var crd = await RuleCrd.InstallAsync(cluster, """{"type":"object","properties":{"items":{"type":"array","maxItems":1000,"items":{"type":"integer"}}},"x-kubernetes-validations":[{"rule":""" + $"\"{Rule}\"}}]}}");

        var within = await crd.CreateAsync("within", $$"""{"items":[{{string.Join(",", Enumerable.Range(0, 576))}}]}""");
        var over = await crd.CreateAsync("over", $$"""{"items":[{{string.Join(",", Enumerable.Range(0, 577))}}]}""");

        await crd.DeleteAsync();
        Assert.True(within.Code == 201, within.Body);
        RawStatus.Invalid(over, $"spec: Invalid value: \"object\": 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: {Rule}");
    }

    /// <summary>
    /// All a request's evaluations share a budget of 10,000,000: forty rules that each find <c>'a'</c> in a 2,500,000-character
    /// string (250,000 for the search, 2 for the field; the other operand of <c>||</c> does not run) pass 39 times, and the
    /// fortieth finds 249,922 left. Scans of a long string keep both servers' work small for so much cost.
    /// </summary>
    [SkippableTheory, Backends]
    public async Task CreateObject_RulesPastTheRequestsBudget_StopWithKubesError(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var rules = string.Join(",", Enumerable.Range(0, 40).Select(i => $$"""{"rule":"self.s.contains('a') || self.s.size() == {{i}}"}"""));
        var crd = await RuleCrd.InstallAsync(cluster, """{"type":"object","properties":{"s":{"type":"string","maxLength":2500000}},"x-kubernetes-validations":[""" + rules + "]}");

        var response = await crd.CreateAsync("budget", $$"""{"s":"{{new string('a', 2_500_000)}}"}""");

        await crd.DeleteAsync();
        RawStatus.Invalid(response, "spec: Invalid value: \"object\": validation failed due to running out of cost budget, no further validation rules will be run");
    }

    /// <summary>
    /// A failed rule's messageExpression has the same per-call limit: the nested <c>all</c> above as its condition costs
    /// 1,002,252 for 577 items, which stops there with kube's error.
    /// </summary>
    [SkippableTheory, Backends]
    public async Task CreateObject_MessageExpressionCostlierThanThePerCallLimit_StopsWithKubesError(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        const string Message = "self.items.all(x, self.items.all(y, true)) ? 'a' : 'b'";
        var crd = await RuleCrd.InstallAsync(cluster, """{"type":"object","properties":{"items":{"type":"array","maxItems":1000,"items":{"type":"integer"}}},"x-kubernetes-validations":[{"rule":"self.items.size() == 0","messageExpression":""" + $"\"{Message}\"}}]}}");

        var over = await crd.CreateAsync("over", $$"""{"items":[{{string.Join(",", Enumerable.Range(0, 577))}}]}""");

        await crd.DeleteAsync();
        RawStatus.Invalid(over, $"spec: Invalid value: \"object\": no further validation rules will be run due to call cost exceeds limit for messageExpression: \"{Message}\"");
    }

    /// <summary>
    /// MessageExpressions spend the request's budget too: forty failing rules (4 each) whose messages scan a 2,500,000-character
    /// string (250,002 each) give 39 messages, and the fortieth message finds 249,762 left.
    /// </summary>
    [SkippableTheory, Backends]
    public async Task CreateObject_MessageExpressionsPastTheRequestsBudget_StopWithKubesError(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var rules = string.Join(",", Enumerable.Range(0, 40).Select(i => $$"""{"rule":"self.s.size() == {{i}}","messageExpression":"self.s.contains('b') ? 'b' : 'no b {{i}}'"}"""));
        var crd = await RuleCrd.InstallAsync(cluster, """{"type":"object","properties":{"s":{"type":"string","maxLength":2500000}},"x-kubernetes-validations":[""" + rules + "]}");

        var response = await crd.CreateAsync("budget", $$"""{"s":"{{new string('a', 2_500_000)}}"}""");

        await crd.DeleteAsync();
        RawStatus.Invalid(
            response,
            [.. Enumerable.Range(0, 39).Select(i => $"spec: Invalid value: \"object\": no b {i}"),
             "spec: Invalid value: \"object\": messageExpression evaluation failed due to running out of cost budget, no further validation rules will be run"]);
    }

    /// <summary>kube's causes for a schema whose total is over budget: one for each most expensive expression, then the schema's.</summary>
    private static string[] TotalExceeded(string factor, params string[] mostExpensive) =>
    [
        .. mostExpensive.Select(path => $"{path}: Forbidden: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema"),
        $"spec.validation.openAPIV3Schema: Forbidden: x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of {factor}{Hint}",
    ];

    private static string ItemsSchema(long? maxItems, string items)
    {
        var list = new JsonObject { ["type"] = "array", ["items"] = JsonNode.Parse(items) };
        if (maxItems is { } count)
        {
            list["maxItems"] = count;
        }

        return new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["l"] = list } }.ToJsonString();
    }

    private static async Task<(int Code, string Body)> CreateAsync(ClusterScope cluster, string specSchema)
    {
        var crd = new RuleCrd(cluster, cluster.Namespace + ".example.com");
        var response = await cluster.SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd.Definition(specSchema));
        if (response.Code == 201)
        {
            await crd.DeleteAsync();
        }

        return response;
    }
}
