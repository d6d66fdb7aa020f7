using System.Text.RegularExpressions;
using Harness.EnvTest.Tests.Backends;

namespace Harness.EnvTest.Tests.Schema;

/// <summary>What apiextensions-apiserver refuses in a CRD's <c>x-kubernetes-validations</c>, on both backends.</summary>
[Collection(ClusterCollection.Name)]
public sealed partial class ValidationRuleCrdTests(ClusterFixture clusters)
{
    private const string RulePath = "spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0]";

    private const string TypedSchema = """
        {"a":{"type":"string","maxLength":5},
         "list":{"type":"array","maxItems":3,"items":{"type":"object","properties":{"b":{"type":"string","maxLength":5}}}},
         "obj":{"type":"object","properties":{"q":{"type":"object","properties":{"r":{"type":"integer"}}}}},
         "m":{"type":"object","maxProperties":3,"additionalProperties":{"type":"string","maxLength":5}},
         "any":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
         "name":{"type":"string","maxLength":10},"count":{"type":"integer"},"ratio":{"type":"number"},"flag":{"type":"boolean"},
         "items":{"type":"array","maxItems":5,"items":{"type":"integer"}},"tags":{"type":"array","maxItems":5,"items":{"type":"string","maxLength":10}},
         "labels":{"type":"object","maxProperties":5,"additionalProperties":{"type":"string","maxLength":10}},"ios":{"x-kubernetes-int-or-string":true},
         "ts":{"type":"string","format":"date-time"},"d":{"type":"string","format":"duration"},
         "om":{"type":"object","maxProperties":3,"additionalProperties":{"type":"object","properties":{"x":{"type":"integer"}}}}}
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
    [BackendsData("self.count + 'a' == 1", 12, "found no matching overload for '_+_' applied to '(int, string)'")]
    [BackendsData("self.count + 1.5 > 0.0", 12, "found no matching overload for '_+_' applied to '(int, double)'")]
    [BackendsData("self.ratio * 2 > 1.0", 12, "found no matching overload for '_*_' applied to '(double, int)'")]
    [BackendsData("self.name - 'a' == ''", 11, "found no matching overload for '_-_' applied to '(string, string)'")]
    [BackendsData("self.count % 2.0 == 0.0", 12, "found no matching overload for '_%_' applied to '(int, double)'")]
    [BackendsData("self.tags + self.items == []", 11, "found no matching overload for '_+_' applied to '(list(string), list(int))'")]
    [BackendsData("self.tags + [1] == []", 11, "found no matching overload for '_+_' applied to '(list(string), list(int))'")]
    [BackendsData("self.flag + 1 == 2", 11, "found no matching overload for '_+_' applied to '(bool, int)'")]
    [BackendsData("size(self.count) == 1", 5, "found no matching overload for 'size' applied to '(int)'")]
    [BackendsData("size(self.name, 1) == 1", 5, "found no matching overload for 'size' applied to '(string, int)'")]
    [BackendsData("self.count.size() == 1", 16, "found no matching overload for 'size' applied to 'int.()'")]
    [BackendsData("self.name.startsWith(1)", 21, "found no matching overload for 'startsWith' applied to 'string.(int)'")]
    [BackendsData("self.count.startsWith('a')", 22, "found no matching overload for 'startsWith' applied to 'int.(string)'")]
    [BackendsData("self.name.contains(self.count)", 19, "found no matching overload for 'contains' applied to 'string.(int)'")]
    [BackendsData("self.name.matches(1)", 18, "found no matching overload for 'matches' applied to 'string.(int)'")]
    [BackendsData("self.items.all(x, x > 'a')", 21, "found no matching overload for '_>_' applied to '(int, string)'")]
    [BackendsData("self.count < 'a'", 12, "found no matching overload for '_<_' applied to '(int, string)'")]
    [BackendsData("self.count == 1.5", 12, "found no matching overload for '_==_' applied to '(int, double)'")]
    [BackendsData("self.tags == self.items", 11, "found no matching overload for '_==_' applied to '(list(string), list(int))'")]
    [BackendsData("self.count in self.tags", 12, "found no matching overload for '@in' applied to '(int, list(string))'")]
    [BackendsData("1 in self.labels", 3, "found no matching overload for '@in' applied to '(int, map(string, string))'")]
    [BackendsData("-self.name == ''", 1, "found no matching overload for '-_' applied to '(string)'")]
    [BackendsData("!self.count", 1, "found no matching overload for '!_' applied to '(int)'")]
    [BackendsData("self.count ? true : false", 12, "found no matching overload for '_?_:_' applied to '(int, bool, bool)'")]
    [BackendsData("self.flag ? null : 'a'", 11, "found no matching overload for '_?_:_' applied to '(bool, null, string)'")]
    [BackendsData("self.flag ? 1 : 1.0", 11, "found no matching overload for '_?_:_' applied to '(bool, int, double)'")]
    [BackendsData("self.count in [1.0]", 12, "found no matching overload for '@in' applied to '(int, list(double))'")]
    [BackendsData("string(self.labels) == ''", 7, "found no matching overload for 'string' applied to '(map(string, string))'")]
    [BackendsData("true ? 1 : 'a'", 6, "found no matching overload for '_?_:_' applied to '(bool, int, string)'")]
    [BackendsData("self.name[0] == 'a'", 10, "found no matching overload for '_[_]' applied to '(string, int)'")]
    [BackendsData("self.tags['a'] == 'b'", 10, "found no matching overload for '_[_]' applied to '(list(string), string)'")]
    [BackendsData("self.labels[1] == 'b'", 12, "found no matching overload for '_[_]' applied to '(map(string, string), int)'")]
    [BackendsData("self.labels['a'] + 1 == 2", 18, "found no matching overload for '_+_' applied to '(string, int)'")]
    [BackendsData("self.items.map(x, x + 'a').size() == 1", 21, "found no matching overload for '_+_' applied to '(int, string)'")]
    [BackendsData("self.tags.map(x, x.size()).all(y, y > 'a')", 37, "found no matching overload for '_>_' applied to '(int, string)'")]
    [BackendsData("self.labels.all(k, k + 1 == 2)", 22, "found no matching overload for '_+_' applied to '(string, int)'")]
    [BackendsData("self.name.lowerAscii() == 1", 24, "found no matching overload for '_==_' applied to '(string, int)'")]
    [BackendsData("self.items.exists_one(x, x)", 22, "found no matching overload for '_?_:_' applied to '(int, int, int)'")]
    [BackendsData("true && self.count", 13, "expected type 'bool' but found 'int'")]
    [BackendsData("self.items.all(x, x + 1)", 21, "expected type 'bool' but found 'int'")]
    [BackendsData("[1, 'a'].size() == 2", 5, "expected type 'int' but found 'string'")]
    [BackendsData("nope == 1", 1, "undeclared reference to 'nope' (in container '')")]
    [BackendsData("nope.x == 1", 1, "undeclared reference to 'nope' (in container '')")]
    [BackendsData("self.items.all(x, y > 0)", 19, "undeclared reference to 'y' (in container '')")]
    [BackendsData("int(self.flag) == 1", 4, "found no matching overload for 'int' applied to '(bool)'")]
    [BackendsData("bool(self.count)", 5, "found no matching overload for 'bool' applied to '(int)'")]
    [BackendsData("string(self.items) == ''", 7, "found no matching overload for 'string' applied to '(list(int))'")]
    [BackendsData("self.count.lowerAscii() == ''", 22, "found no matching overload for 'lowerAscii' applied to 'int.()'")]
    [BackendsData("self.name.split(1).size() > 0", 16, "found no matching overload for 'split' applied to 'string.(int)'")]
    [BackendsData("self.name.substring('a') == ''", 20, "found no matching overload for 'substring' applied to 'string.(string)'")]
    [BackendsData("self.name.charAt('a') == ''", 17, "found no matching overload for 'charAt' applied to 'string.(string)'")]
    [BackendsData("self.name.replace('a', 1) == ''", 18, "found no matching overload for 'replace' applied to 'string.(string, int)'")]
    [BackendsData("self.tags.join(1) == ''", 15, "found no matching overload for 'join' applied to 'list(string).(int)'")]
    [BackendsData("self.items.join(',') == ''", 16, "found no matching overload for 'join' applied to 'list(int).(string)'")]
    [BackendsData("self.items.indexOf('a') == 0", 19, "found no matching overload for 'indexOf' applied to 'list(int).(string)'")]
    [BackendsData("self.items.isSorted() && self.tags.sum() == 1", 39, "found no matching overload for 'sum' applied to 'list(string).()'")]
    [BackendsData("[[1]].isSorted()", 15, "found no matching overload for 'isSorted' applied to 'list(list(int)).()'")]
    [BackendsData("self.ts + 1 == self.ts", 9, "found no matching overload for '_+_' applied to '(timestamp, int)'")]
    [BackendsData("self.ts + self.ts > self.ts", 9, "found no matching overload for '_+_' applied to '(timestamp, timestamp)'")]
    [BackendsData("self.ts < 1", 9, "found no matching overload for '_<_' applied to '(timestamp, int)'")]
    [BackendsData("self.d * 2 == self.d", 8, "found no matching overload for '_*_' applied to '(duration, int)'")]
    [BackendsData("self.ts.x == 1", 8, "type 'timestamp' does not support field selection")]
    [BackendsData("size(self.d) == 1", 5, "found no matching overload for 'size' applied to '(duration)'")]
    [BackendsData("self.a.nope()", 12, "undeclared reference to 'nope' (in container '')")]
    [BackendsData("nope(self.a)", 5, "undeclared reference to 'nope' (in container '')")]
    [BackendsData("self.tags.all(t, t.nope(1)) && self.flag", 24, "undeclared reference to 'nope' (in container '')")]
    [BackendsData("self.a.reverse() == 'a'", 15, "undeclared reference to 'reverse' (in container '')")]
    [BackendsData("self.obj == 'x'", 10, "found no matching overload for '_==_' applied to '(selfType0.obj, string)'")]
    [BackendsData("self.obj.q == self.obj", 12, "found no matching overload for '_==_' applied to '(selfType0.obj.q, selfType0.obj)'")]
    [BackendsData("self.obj + 1 == 2", 10, "found no matching overload for '_+_' applied to '(selfType0.obj, int)'")]
    [BackendsData("self.obj.q < self.obj.q", 12, "found no matching overload for '_<_' applied to '(selfType0.obj.q, selfType0.obj.q)'")]
    [BackendsData("self.obj.startsWith('a')", 20, "found no matching overload for 'startsWith' applied to 'selfType0.obj.(string)'")]
    [BackendsData("size(self.obj) == 1", 5, "found no matching overload for 'size' applied to '(selfType0.obj)'")]
    [BackendsData("string(self.obj) == ''", 7, "found no matching overload for 'string' applied to '(selfType0.obj)'")]
    [BackendsData("self.obj['q'] == self.obj.q", 9, "found no matching overload for '_[_]' applied to '(selfType0.obj, string)'")]
    [BackendsData("self.list[0] == 'x'", 14, "found no matching overload for '_==_' applied to '(selfType0.list.@idx, string)'")]
    [BackendsData("self.om['k'] == 'x'", 14, "found no matching overload for '_==_' applied to '(selfType0.om.@elem, string)'")]
    [BackendsData("self.obj in self.list", 10, "found no matching overload for '@in' applied to '(selfType0.obj, list(selfType0.list.@idx))'")]
    [BackendsData("self.obj ? true : false", 10, "found no matching overload for '_?_:_' applied to '(selfType0.obj, bool, bool)'")]
    [BackendsData("self.list.exists(o, o)", 21, "expected type 'bool' but found 'selfType0.list.@idx'")]
    [BackendsData("[self.obj, self.obj.q].size() == 1", 20, "expected type 'selfType0.obj' but found 'selfType0.obj.q'")]
    [BackendsData("self.obj.all(x, true)", 5, "expression of type 'selfType0.obj' cannot be range of a comprehension (must be list, map, or dynamic)")]
    [BackendsData("self.count.all(x, true)", 5, "expression of type 'int' cannot be range of a comprehension (must be list, map, or dynamic)")]
    [BackendsData("self.count == 1u", 12, "found no matching overload for '_==_' applied to '(int, uint)'")]
    [BackendsData("uint(self.count) + 1 == 2u", 18, "found no matching overload for '_+_' applied to '(uint, int)'")]
    [BackendsData("uint(self.flag) == 1u", 5, "found no matching overload for 'uint' applied to '(bool)'")]
    [BackendsData("-1u == 1u", 1, "found no matching overload for '-_' applied to '(uint)'")]
    [BackendsData("[1u, 1] == []", 6, "expected type 'uint' but found 'int'")]
    [BackendsData("{'a': 1, 'b': 'x'}.size() == 2", 15, "expected type 'int' but found 'string'")]
    [BackendsData("{'a': 1, 2: 1}.size() == 2", 10, "expected type 'string' but found 'int'")]
    [BackendsData("{1: 'a'}['x'] == 'a'", 9, "found no matching overload for '_[_]' applied to '(map(int, string), string)'")]
    [BackendsData("self.obj == {'a': 1}", 10, "found no matching overload for '_==_' applied to '(selfType0.obj, map(string, int))'")]
    [BackendsData("self.labels == {'a': 1}", 13, "found no matching overload for '_==_' applied to '(map(string, string), map(string, int))'")]
    [BackendsData("type(self.count) == 'int'", 18, "found no matching overload for '_==_' applied to '(type(int), string)'")]
    [BackendsData("type(self.count) + 1 == 2", 18, "found no matching overload for '_+_' applied to '(type(int), int)'")]
    [BackendsData("string(type(self.count)) == 'int'", 7, "found no matching overload for 'string' applied to '(type(int))'")]
    [BackendsData("type(1) in [int, string]", 18, "expected type 'type(int)' but found 'type(string)'")]
    [BackendsData("[int, 1].size() == 2", 7, "expected type 'type(int)' but found 'int'")]
    [BackendsData("type(self.obj) == 1", 16, "found no matching overload for '_==_' applied to '(type(selfType0.obj), int)'")]
    [BackendsData("quantity(1).isInteger()", 9, "found no matching overload for 'quantity' applied to '(int)'")]
    [BackendsData("quantity(self.a).add(self.a).isInteger()", 21, "found no matching overload for 'add' applied to 'kubernetes.Quantity.(string)'")]
    [BackendsData("quantity(self.a).sign() == 1", 22, "found no matching overload for 'sign' applied to 'kubernetes.Quantity.()'")]
    [BackendsData("quantity(self.a).asApproximateFloat() == 1", 39, "found no matching overload for '_==_' applied to '(double, int)'")]
    [BackendsData("string(quantity(self.a)) == ''", 7, "found no matching overload for 'string' applied to '(kubernetes.Quantity)'")]
    [BackendsData("isURL(self.count)", 6, "found no matching overload for 'isURL' applied to '(int)'")]
    [BackendsData("url(self.a).getQuery() == 1", 24, "found no matching overload for '_==_' applied to '(map(string, list(string)), int)'")]
    [BackendsData("ip(self.a).isLoopback() == 1", 25, "found no matching overload for '_==_' applied to '(bool, int)'")]
    [BackendsData("cidr(self.a).containsIP(1)", 24, "found no matching overload for 'containsIP' applied to 'net.CIDR.(int)'")]
    [BackendsData("format.dns1123Label().validate(1).hasValue()", 31, "found no matching overload for 'validate' applied to 'kubernetes.NamedFormat.(int)'")]
    [BackendsData("format.named(1).hasValue()", 13, "found no matching overload for 'format.named' applied to '(int)'")]
    [BackendsData("sets.contains(self.tags, self.items)", 14, "found no matching overload for 'sets.contains' applied to '(list(string), list(int))'")]
    [BackendsData("strings.quote(1) == ''", 14, "found no matching overload for 'strings.quote' applied to '(int)'")]
    [BackendsData("self.a.format(1) == ''", 14, "found no matching overload for 'format' applied to 'string.(int)'")]
    [BackendsData("self.ts.getHours() == 'a'", 20, "found no matching overload for '_==_' applied to '(int, string)'")]
    [BackendsData("self.d.getFullYear() == 1", 19, "found no matching overload for 'getFullYear' applied to 'duration.()'")]
    [BackendsData("self.a.check('x')", 13, "found no matching overload for 'check' applied to 'string.(string)'")]
    [BackendsData("self.?obj.q == 1", 13, "found no matching overload for '_==_' applied to '(optional_type(selfType0.obj.q), int)'")]
    [BackendsData("self.?obj.q.r == 1", 15, "found no matching overload for '_==_' applied to '(optional_type(int), int)'")]
    [BackendsData("self.?a.orValue(1) == ''", 16, "found no matching overload for 'orValue' applied to 'optional_type(string).(int)'")]
    [BackendsData("self.?a.value() == 1", 17, "found no matching overload for '_==_' applied to '(string, int)'")]
    [BackendsData("self.tags[?0] == 1", 15, "found no matching overload for '_==_' applied to '(optional_type(string), int)'")]
    [BackendsData("optional.of(1).or(optional.of('a')).hasValue()", 18, "found no matching overload for 'or' applied to 'optional_type(int).(optional_type(string))'")]
    public async Task Create_RuleThatDoesNotTypeCheck_AnswersCelGosCheckerError(Backend backend, string rule, int column, string error)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, body) = await CreateAsync(cluster, $$"""{"rule":"{{rule}}"}""", TypedSchema);

        RawStatus.Invalid(
            (code, SelfTypeNamed().Replace(body, "selfType0")),
            $"{RulePath}.rule: Invalid value: {RuleValue(rule)}: compilation failed: ERROR: <input>:1:{column}: {error}\n | {rule}\n | {new string('.', column - 1)}^");
    }

    [SkippableTheory]
    [BackendsData("self.count || self.name", "5:expected type 'bool' but found 'int'|19:expected type 'bool' but found 'string'")]
    [BackendsData("self.labels.all(k, v, v == 'a')", "16:undeclared reference to 'all' (in container '')|17:undeclared reference to 'k' (in container '')|20:undeclared reference to 'v' (in container '')|23:undeclared reference to 'v' (in container '')")]
    [BackendsData("math.greatest(1, 2) == 2", "1:undeclared reference to 'math' (in container '')|14:undeclared reference to 'greatest' (in container '')")]
    public async Task Create_RuleWithSeveralCheckerErrors_AnswersEachInSourceOrder(Backend backend, string rule, string errors)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var response = await CreateAsync(cluster, $$"""{"rule":"{{rule}}"}""", TypedSchema);

        var report = errors.Split('|').Select(error => error.Split(':', 2)).Select(error =>
            $"ERROR: <input>:1:{error[0]}: {error[1]}\n | {rule}\n | {new string('.', int.Parse(error[0], System.Globalization.CultureInfo.InvariantCulture) - 1)}^");
        RawStatus.Invalid(response, $"{RulePath}.rule: Invalid value: {RuleValue(rule)}: compilation failed: " + string.Join("\n", report));
    }

    [SkippableTheory]
    [BackendsData("self.count")]
    [BackendsData("self.tags")]
    public async Task Create_MessageExpressionThatIsNotAString_Answers422(Backend backend, string messageExpression)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var response = await CreateAsync(cluster, $$"""{"rule":"self.count > 0","messageExpression":"{{messageExpression}}"}""", TypedSchema);

        RawStatus.Invalid(
            response,
            RulePath + $".messageExpression: Invalid value: apiextensions.ValidationRule{{Rule:\"self.count > 0\", Message:\"\", MessageExpression:\"{messageExpression}\", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}}: "
            + "messageExpression must evaluate to a string");
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
    [BackendsData("self.ios + 1 == 2")]
    [BackendsData("'a' in self.labels")]
    [BackendsData("self.count < 1.5")]
    [BackendsData("self.tags + ['a'] == self.tags")]
    [BackendsData("self.tags.map(x, x.size()).all(y, y > 0)")]
    [BackendsData("self.count + 1 == 2 ? self.flag : !self.flag")]
    [BackendsData("self.labels.exists(k, self.labels[k] == 'a')")]
    [BackendsData("self.name.split(',').exists(p, p.size() > 2) && self.tags.join(',').startsWith('a')")]
    [BackendsData("self.items.sum() > 1 && self.name.indexOf('a') > self.count")]
    [BackendsData("type(self.count) == int")]
    [BackendsData("{'a': 1}.size() == 1 && {1: 'a'}[1] == 'a' && 1 in {1: 'a'} && self.labels == {'a': 'b'} && {}.size() == 0 && type(self.obj) == string")]
    [BackendsData("int('1') == 1 && string(self.count) == '1'")]
    [BackendsData("self.tags.min() == 'a' && self.items.max() == 1")]
    [BackendsData("optional.of(self.a).hasValue() && optional.none().orValue(1) == 1")]
    [BackendsData("sets.contains(self.tags, ['a'])")]
    [BackendsData("self.ts - self.ts == self.d && self.ts + self.d > self.ts - self.d && self.d + self.d >= self.d")]
    [BackendsData("int(self.ts) > 0 && string(self.d) != '' && self.ts.getHours() >= 0 && self.d < duration('1h') && self.ts > timestamp('2020-01-01T00:00:00Z')")]
    [BackendsData("format.dns1123Label().validate(self.a).hasValue()")]
    [BackendsData("self.?a.orValue('') == '' && self.?obj.q.orValue(self.obj.q) == self.obj.q && self.?obj.?q.r.orValue(1) == 1")]
    [BackendsData("self.?tags[0].orValue('') == '' && self.labels[?'a'].orValue('') == '' && self.?labels['a'].orValue('') == '' && self.?count.orValue(0) + 1 == 1")]
    [BackendsData("self.obj == self.obj && self.obj == oldSelf.obj && self.obj.q != null && type(self.obj) == string")]
    [BackendsData("self.list.map(o, o) == self.list && self.list[0] in self.list && (self.flag ? self.obj : null) == self.obj")]
    [BackendsData("uint(self.count) < 1 && 1u < 2.0 && uint(self.count) % 2u == 0u && [1u, 2u].isSorted() && [1u].sum() == 1u")]
    [BackendsData("1u + 2u == 3u && uint(self.name) > 0u && int(1u) == 1 && double(1u) > 0.0 && string(1u) == '1'")]
    [BackendsData("quantity(self.a).isGreaterThan(quantity('1')) && isQuantity(self.a) && sign(quantity(self.a)) == 1 && quantity(self.a).add(1).sub(quantity('1')).compareTo(quantity('2')) == 0")]
    [BackendsData("url(self.a).getHost() == '' && url(self.a).getQuery().size() == 0 && ip(self.a).family() == 4 && string(ip(self.a)) == ''")]
    [BackendsData("cidr(self.a).containsIP(self.a) && cidr(self.a).containsIP(ip(self.a)) && cidr(self.a).ip().family() == 4 && cidr(self.a).masked().prefixLength() > 0 && ip.isCanonical(self.a)")]
    [BackendsData("self.ts.getHours('UTC') == 1 && self.d.getMinutes() == 1 && sets.equivalent(self.tags, ['a']) && self.a.format(['a']).size() > strings.quote(self.a).size()")]
    public async Task Create_RuleThatTypeChecks_IsAccepted(Backend backend, string rule)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var response = await CreateAsync(cluster, $$"""{"rule":"{{rule}}"}""", TypedSchema);

        Assert.True(response.Code == 201, response.Body);
    }

    [SkippableTheory]
    [BackendsData("has(self.metadata.labels)", 4, "undefined field 'labels'")]
    [BackendsData("self.metadata.labels['a'] == 'b'", 14, "undefined field 'labels'")]
    public async Task Create_RootRuleOnMetadataBeyondNames_AnswersUndefinedField(Backend backend, string rule, int column, string error)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = new RuleCrd(cluster, cluster.Namespace + ".example.com");

        var response = await cluster.SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd.Definition("""{"type":"object"}""", $$"""[{"rule":"{{rule}}"}]"""));

        RawStatus.Invalid(
            response,
            $"spec.validation.openAPIV3Schema.x-kubernetes-validations[0].rule: Invalid value: {RuleValue(rule)}: compilation failed: ERROR: <input>:1:{column}: {error}\n | {rule}\n | {new string('.', column - 1)}^");
    }

    /// <summary>The name of a rule's object type: kube-apiserver's changes at every CRD write (<c>selfType</c> and the clock's nanoseconds).</summary>
    [GeneratedRegex("selfType[0-9]+")]
    private static partial Regex SelfTypeNamed();

    /// <summary>With <c>optionalOldSelf</c>, <c>oldSelf</c> is an optional; a rule that does not compile counts as not using it.</summary>
    [SkippableTheory]
    [BackendsData("oldSelf.a == 1", 11, "found no matching overload for '_==_' applied to '(optional_type(string), int)'")]
    [BackendsData("oldSelf.orValue(self) == 1", 23, "found no matching overload for '_==_' applied to '(selfType0, int)'")]
    public async Task Create_OptionalOldSelfRuleThatDoesNotTypeCheck_AnswersBothErrors(Backend backend, string rule, int column, string error)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, body) = await CreateAsync(cluster, $$"""{"rule":"{{rule}}","optionalOldSelf":true}""", TypedSchema);

        var shown = RuleValue(rule).Replace("OptionalOldSelf:(*bool)(nil)", "OptionalOldSelf:(*bool)(0xc000000000)", StringComparison.Ordinal);
        RawStatus.Invalid(
            (code, Regex.Replace(SelfTypeNamed().Replace(body, "selfType0"), "0xc[0-9a-f]+", "0xc000000000")),
            $"{RulePath}.rule: Invalid value: {shown}: compilation failed: ERROR: <input>:1:{column}: {error}\n | {rule}\n | {new string('.', column - 1)}^",
            $"{RulePath}.optionalOldSelf: Invalid value: true: may not be set if oldSelf is not used in rule");
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
