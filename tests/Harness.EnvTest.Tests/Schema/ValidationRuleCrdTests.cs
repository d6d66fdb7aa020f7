using Harness.EnvTest.Tests.Backends;

namespace Harness.EnvTest.Tests.Schema;

/// <summary>What apiextensions-apiserver refuses in a CRD's <c>x-kubernetes-validations</c>, on both backends.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ValidationRuleCrdTests(ClusterFixture clusters)
{
    private const string RulePath = "spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0]";

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

    private static async Task<(int Code, string Body)> CreateAsync(ClusterScope cluster, string rule)
    {
        var crd = new RuleCrd(cluster, cluster.Namespace + ".example.com");
        var response = await cluster.SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
            crd.Definition($$$"""{"type":"object","properties":{"a":{"type":"string","maxLength":5}},"x-kubernetes-validations":[{{{rule}}}]}"""));
        if (response.Code == 201)
        {
            await crd.DeleteAsync();
        }

        return response;
    }
}
