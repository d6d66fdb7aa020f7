using Harness.EnvTest.Tests.Backends;

namespace Harness.EnvTest.Tests.Schema;

/// <summary>What apiextensions-apiserver refuses in a CRD's <c>x-kubernetes-validations</c>, on both backends.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ValidationRuleCrdTests(ClusterFixture clusters)
{
    private const string RulePath = "spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0]";

    private const string TypedSchema = """
        {"a":{"type":"string","maxLength":5},
         "list":{"type":"array","maxItems":3,"items":{"type":"object","properties":{"b":{"type":"string","maxLength":5}}}},
         "obj":{"type":"object","properties":{"q":{"type":"object","properties":{"r":{"type":"integer"}}}}},
         "m":{"type":"object","maxProperties":3,"additionalProperties":{"type":"string","maxLength":5}},
         "any":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}
        """;

    [SkippableTheory]
    [InlineData(Backend.Embedded, "fieldPath", ".nope", "fieldPath: Invalid value: \".nope\": fieldPath must be a valid path")]
    [InlineData(Backend.Binary, "fieldPath", ".nope", "fieldPath: Invalid value: \".nope\": fieldPath must be a valid path")]
    [InlineData(Backend.Embedded, "reason", "Whatever", "reason: Unsupported value: \"Whatever\": supported values: \"FieldValueDuplicate\", \"FieldValueForbidden\", \"FieldValueInvalid\", \"FieldValueRequired\"")]
    [InlineData(Backend.Binary, "reason", "Whatever", "reason: Unsupported value: \"Whatever\": supported values: \"FieldValueDuplicate\", \"FieldValueForbidden\", \"FieldValueInvalid\", \"FieldValueRequired\"")]
    [InlineData(Backend.Embedded, "message", "a\\nb", "message: Invalid value: \"a\\nb\": message must not contain line breaks")]
    [InlineData(Backend.Binary, "message", "a\\nb", "message: Invalid value: \"a\\nb\": message must not contain line breaks")]
    public async Task Create_BadRuleEntry_Answers422(Backend backend, string field, string value, string cause)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var response = await CreateAsync(cluster, $$$"""{"rule":"has(self.a)","{{{field}}}":"{{{value}}}"}""");

        RawStatus.Invalid(response, $"{RulePath}.{cause}");
    }

    [SkippableTheory, Backends]
    public async Task Create_RuleThatDoesNotParse_AnswersCelGosSyntaxError(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var response = await CreateAsync(cluster, """{"rule":"self.a =="}""");

        RawStatus.Invalid(
            response,
            RulePath + ".rule: Invalid value: apiextensions.ValidationRule{Rule:\"self.a ==\", Message:\"\", MessageExpression:\"\", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}: "
            + "compilation failed: ERROR: <input>:1:10: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n | self.a ==\n | .........^");
    }

    [SkippableTheory, Backends]
    public async Task Create_MessageExpressionThatDoesNotParse_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var response = await CreateAsync(cluster, """{"rule":"has(self.a)","messageExpression":"self.a +"}""");

        RawStatus.Invalid(
            response,
            RulePath + ".messageExpression: Invalid value: apiextensions.ValidationRule{Rule:\"has(self.a)\", Message:\"\", MessageExpression:\"self.a +\", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}: "
            + "messageExpression compilation failed: ERROR: <input>:1:9: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n | self.a +\n | ........^");
    }

    [SkippableTheory]
    [BackendsData("self.nope == 1", 5, "undefined field 'nope'")]
    [BackendsData("has(self.nope)", 4, "undefined field 'nope'")]
    [BackendsData("oldSelf.nope == 1", 8, "undefined field 'nope'")]
    [BackendsData("self.obj.q.z == 1", 11, "undefined field 'z'")]
    [BackendsData("self.list.all(x, x.nope)", 19, "undefined field 'nope'")]
    [BackendsData("self.any.whatever == 1", 9, "undefined field 'whatever'")]
    [BackendsData("self.a.nope", 7, "type 'string' does not support field selection")]
    [BackendsData("self.a == 1", 8, "found no matching overload for '_==_' applied to '(string, int)'")]
    public async Task Create_RuleThatDoesNotTypeCheck_AnswersCelGosCheckerError(Backend backend, string rule, int column, string error)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var response = await CreateAsync(cluster, $$"""{"rule":"{{rule}}"}""", TypedSchema);

        RawStatus.Invalid(
            response,
            $"{RulePath}.rule: Invalid value: {RuleValue(rule)}: compilation failed: ERROR: <input>:1:{column}: {error}\n | {rule}\n | {new string('.', column - 1)}^");
    }

    [SkippableTheory, Backends]
    public async Task Create_RuleThatIsNotABool_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var response = await CreateAsync(cluster, """{"rule":"self.a"}""", TypedSchema);

        RawStatus.Invalid(response, $"{RulePath}.rule: Invalid value: {RuleValue("self.a")}: cel expression must evaluate to a bool");
    }

    [SkippableTheory]
    [BackendsData("self.m.abc == 'x'")]
    [BackendsData("self.list.exists(x, has(x.b) && x.b == 'y') && size(self.a) < 3")]
    [BackendsData("self.obj.q.r > 1.5")]
    public async Task Create_RuleThatTypeChecks_IsAccepted(Backend backend, string rule)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var response = await CreateAsync(cluster, $$"""{"rule":"{{rule}}"}""", TypedSchema);

        Assert.True(response.Code == 201, response.Body);
    }

    private static string RuleValue(string rule) =>
        $"apiextensions.ValidationRule{{Rule:\"{rule}\", Message:\"\", MessageExpression:\"\", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}}";

    private static async Task<(int Code, string Body)> CreateAsync(ClusterScope cluster, string rule, string properties = """{"a":{"type":"string","maxLength":5}}""")
    {
        var crd = new RuleCrd(cluster, cluster.Namespace + ".example.com");
        var response = await cluster.SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
            crd.Definition($$$"""{"type":"object","properties":{{{properties}}},"x-kubernetes-validations":[{{{rule}}}]}"""));
        if (response.Code == 201)
        {
            await crd.DeleteAsync();
        }

        return response;
    }
}
