using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Backends;

namespace Harness.EnvTest.Tests.Schema;

/// <summary>
/// apiserver's quantity, URL, IP, CIDR and format libraries evaluated in a CRD's rules, on both backends: each library's
/// values, its parse errors word for word and its quirks (a quantity of a negative scale is no integer; an <c>add</c>
/// result equals a quantity only on the left of <c>==</c>). One CRD holds every rule, each guarded by <c>spec.lib</c>,
/// so that each create runs one library's rules; a rule's <c>message</c> names it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CelLibraryEvaluationTests(ClusterFixture clusters)
{
    private const string Schema = """
        {"type":"object","properties":{
          "lib":{"type":"string","maxLength":10},"q":{"type":"string","maxLength":20},"u":{"type":"string","maxLength":80},
          "i":{"type":"string","maxLength":45},"c":{"type":"string","maxLength":50},"n":{"type":"string","maxLength":20},
          "mem":{"type":"string","maxLength":20,"x-kubernetes-validations":[{"rule":"quantity(self).compareTo(quantity(oldSelf)) >= 0","message":"mem may not shrink"}]}},
         "x-kubernetes-validations":RULES}
        """;

    private static readonly (string Library, string Name, string Rule)[] Rules =
    [
        ("quantity", "q-parse", "quantity(self.q).compareTo(quantity('1536')) == 0 && quantity(self.q).asApproximateFloat() == 1536.0 && sign(quantity(self.q)) == 1 && isQuantity(self.q)"),
        ("quantity", "q-scale", "quantity(self.q).isInteger()"),
        ("quantity", "q-integers", "!quantity('1.0').isInteger() && quantity('1.').isInteger() && quantity('5k').sub(20).asInteger() == 4980 && quantity('1e3').asInteger() == 1000 && !quantity('1.5').add(quantity('0.5')).isInteger() && !quantity('9223372036854775807').add(1).isInteger() && !quantity('1e30').isInteger()"),
        ("quantity", "q-compare", "quantity('0.1n').compareTo(quantity('1n')) == 0 && sign(quantity('+')) == 0 && sign(quantity('-1')) == -1 && quantity('99999999999999999999').isGreaterThan(quantity('9223372036854775807')) && quantity('99999999999999999999Ki').compareTo(quantity('9223372036854775807')) == 0 && quantity('2000m') == quantity('2') && quantity('1').add(quantity('1')) == quantity('2') && quantity('50M').isLessThan(quantity('50Mi'))"),
        ("quantity", "q-float", "quantity('1.5').asApproximateFloat() == 1.5 && quantity('1.1').asApproximateFloat() == 1.1 && quantity('1e-7').asApproximateFloat() == 0.0000001"),
        ("quantity", "q-pointer", "quantity('2') == quantity('1').add(1)"),
        ("quantity", "q-asInteger", "quantity('1.0').asInteger() == 1"),
        ("quantity", "q-format", "isQuantity('1Zi') || quantity('1Zi').isInteger()"),
        ("quantity", "q-suffix", "quantity('1e').isInteger()"),
        ("quantity", "q-numeric", "quantity('-.e-20').isInteger()"),
        ("url", "u-parts", "url(self.u).getScheme() == 'https' && url(self.u).getHost() == 'Example.com:8080' && url(self.u).getHostname() == 'Example.com' && url(self.u).getPort() == '8080' && url(self.u).getEscapedPath() == '/a%20b/c' && url(self.u).getQuery() == {'k': ['v', 'w x'], 'e': ['']}"),
        ("url", "u-forms", "url('/a b').getEscapedPath() == '/a%20b' && url('mailto:x@y').getScheme() == 'mailto' && url('mailto:x@y').getHost() == '' && url('https://[::1]:80/').getHostname() == '::1' && !isURL('foo') && isURL('/x') && isURL('*') && url('HTTP://a/') == url('http://a/') && !(url('http://a/#x') == url('http://a/'))"),
        ("url", "u-relative", "url('foo').getScheme() == ''"),
        ("url", "u-host", "url('http://a b/').getScheme() == ''"),
        ("url", "u-escape", "url('http://a/%zz').getScheme() == ''"),
        ("url", "u-port", "url('http://a:x/').getScheme() == ''"),
        ("url", "u-empty", "url('').getScheme() == ''"),
        ("ip", "i-parts", "ip(self.i).family() == 6 && ip(self.i).isLinkLocalUnicast() && !ip(self.i).isGlobalUnicast() && string(ip('2001:DB8:0:0:1::1')) == '2001:db8::1:0:0:1' && ip('1.2.3.4') == ip('1.2.3.4') && isIP('::') && !isIP('1.2.3')"),
        ("ip", "i-kinds", "ip('127.0.0.1').isLoopback() && ip('::1').isLoopback() && ip('0.0.0.0').isUnspecified() && ip('::').isUnspecified() && ip('224.0.0.1').isLinkLocalMulticast() && ip('ff02::1').isLinkLocalMulticast() && ip('192.168.0.1').isGlobalUnicast() && !ip('255.255.255.255').isGlobalUnicast() && ip.isCanonical('2001:db8::1') && !ip.isCanonical('2001:DB8::1')"),
        ("ip", "i-zero", "ip('1.2.3.04').family() == 4"),
        ("ip", "i-short", "ip('1.2..3').family() == 4"),
        ("ip", "i-char", "ip('1.2.3.x').family() == 4"),
        ("ip", "i-zone", "ip('fe80::1%eth0').family() == 6"),
        ("ip", "i-mapped", "ip('::ffff:1.2.3.4').family() == 6"),
        ("ip", "i-group", "ip('12345::').family() == 6"),
        ("ip", "i-ellipsis", "ip('1::2::3').family() == 6"),
        ("cidr", "c-parts", "cidr(self.c).containsIP('192.168.1.1') && cidr(self.c).containsIP(ip('192.168.255.0')) && !cidr(self.c).containsIP('10.0.0.1') && !cidr(self.c).containsIP('::1') && cidr(self.c).containsCIDR(cidr('192.168.10.0/24')) && !cidr('192.168.0.0/24').containsCIDR('192.168.0.0/16')"),
        ("cidr", "c-values", "cidr('192.168.1.5/16').masked() == cidr('192.168.0.0/16') && string(cidr('192.168.1.5/16')) == '192.168.1.5/16' && cidr('10.1.2.3/8').ip() == ip('10.1.2.3') && cidr('::1/64').prefixLength() == 64 && isCIDR('10.0.0.0/8') && !isCIDR('10.0.0.0')"),
        ("cidr", "c-bad-ip", "cidr(self.c).containsIP('bad')"),
        ("cidr", "c-bad-cidr", "cidr(self.c).containsCIDR('bad')"),
        ("cidr", "c-slash", "cidr('10.0.0.0').prefixLength() == 1"),
        ("cidr", "c-bits", "cidr('10.0.0.0/08').prefixLength() == 1"),
        ("cidr", "c-mapped", "cidr('::ffff:1.2.3.4/96').prefixLength() == 1"),
        ("sets", "s-true", "sets.contains([1, 2, 3], [3, 1]) && sets.equivalent([1, 2], [2, 1, 2]) && sets.intersects(['a', 'b'], ['b']) && strings.quote('a\\tb') == '\"a\\\\tb\"'"),
        ("sets", "s-false", "sets.contains([1], [2]) || sets.equivalent([1], [1, 2]) || sets.intersects([1], [])"),
        ("format", "f-valid", "!format.uuid().validate('123e4567-e89b-12d3-a456-426614174000').hasValue() && !format.byte().validate('aGVsbG8=').hasValue() && !format.date().validate('2021-01-01').hasValue() && !format.datetime().validate('2021-01-01T00:00:00Z').hasValue() && format.datetime().validate('2021-01-01').hasValue() && !format.named('nope').hasValue() && format.dns1123Label().validate('a.b').value() == ['must not contain dots']"),
    ];

    /// <summary>A rule per format whose messageExpression gives the format's first error for <c>spec.n</c>.</summary>
    private static readonly string[] Formats =
        ["dns1123Label", "dns1123Subdomain", "dns1035Label", "qualifiedName", "labelValue", "dns1123LabelPrefix", "dns1123SubdomainPrefix", "dns1035LabelPrefix", "uri", "uuid", "byte", "date", "datetime"];

    [SkippableTheory, Backends]
    public async Task CreateAndUpdate_LibraryCalls_AnswerAsKubeApiserver(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = await RuleCrd.InstallAsync(cluster, Schema.Replace("RULES", RulesJson(), StringComparison.Ordinal));

        RawStatus.Invalid(
            await crd.CreateAsync("quantity", """{"lib":"quantity","q":"1.5Ki","mem":"1Gi"}"""),
            Failed("q-scale"),
            NoSuchOverload("q-pointer"),
            Error("cannot convert value to integer", "q-asInteger"),
            Error("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'", "q-format"),
            Error("unable to parse quantity's suffix", "q-suffix"),
            Error("unable to parse numeric part of quantity", "q-numeric"));
        RawStatus.Invalid(
            await crd.CreateAsync("url", """{"lib":"url","u":"https://user:pw@Example.com:8080/a%20b/c?k=v&k=w+x&e=&;x=1#frag"}"""),
            Error("URL parse error during conversion from string: parse \"foo\": invalid URI for request", "u-relative"),
            Error("URL parse error during conversion from string: parse \"http://a b/\": invalid character \" \" in host name", "u-host"),
            Error("URL parse error during conversion from string: parse \"http://a/%zz\": invalid URL escape \"%zz\"", "u-escape"),
            Error("URL parse error during conversion from string: parse \"http://a:x/\": invalid port \":x\" after host", "u-port"),
            Error("URL parse error during conversion from string: parse \"\": empty url", "u-empty"));
        RawStatus.Invalid(
            await crd.CreateAsync("ip", """{"lib":"ip","i":"fe80::1"}"""),
            IpError("1.2.3.04", "IPv4 field has octet with leading zero", "i-zero"),
            IpError("1.2..3", "IPv4 field must have at least one digit (at \".3\")", "i-short"),
            IpError("1.2.3.x", "unexpected character (at \"x\")", "i-char"),
            Error("IP address \"fe80::1%eth0\" with zone value is not allowed", "i-zone"),
            Error("IPv4-mapped IPv6 address \"::ffff:1.2.3.4\" is not allowed", "i-mapped"),
            IpError("12345::", "each group must have 4 or less digits (at \"12345::\")", "i-group"),
            IpError("1::2::3", "multiple :: in address (at \":3\")", "i-ellipsis"));
        const string CidrError = "network address parse error during conversion from string: ";
        RawStatus.Invalid(
            await crd.CreateAsync("cidr", """{"lib":"cidr","c":"192.168.0.0/16"}"""),
            NoSuchOverload("c-bad-ip"),
            Error(CidrError + CidrError + "netip.ParsePrefix(\"bad\"): no '/'", "c-bad-cidr"),
            Error(CidrError + CidrError + "netip.ParsePrefix(\"10.0.0.0\"): no '/'", "c-slash"),
            Error(CidrError + CidrError + "netip.ParsePrefix(\"10.0.0.0/08\"): bad bits after slash: \"08\"", "c-bits"),
            Error(CidrError + "IPv4-mapped IPv6 address \"::ffff:1.2.3.4/96\" is not allowed", "c-mapped"));
        RawStatus.Invalid(
            await crd.CreateAsync("format", """{"lib":"format","n":"ab-"}"""),
            Message("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"),
            Message("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
            Message("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"),
            Message("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"),
            Message("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
            Message("parse \"ab-\": invalid URI for request"),
            Message("does not match the UUID format"),
            Message("invalid base64"),
            Message("invalid date"),
            Message("invalid datetime"));
        RawStatus.Invalid(await crd.CreateAsync("sets", """{"lib":"sets"}"""), Failed("s-false"));
        RawStatus.Succeeded(await crd.CreateAsync("fine", """{"lib":"none","mem":"1Gi"}"""), 201);

        RawStatus.Invalid(await crd.PatchSpecAsync("fine", """{"mem":"1000Mi"}"""), "spec.mem: Invalid value: \"string\": mem may not shrink");
        RawStatus.Succeeded(await crd.PatchSpecAsync("fine", """{"mem":"1.5Gi"}"""), 200);
        await crd.DeleteAsync();
    }

    private static string RulesJson() => new JsonArray(
    [
        .. Rules.Select(r => (JsonNode)new JsonObject { ["rule"] = $"self.lib != '{r.Library}' || {r.Rule}", ["message"] = r.Name }),
        .. Formats.Select(f => (JsonNode)new JsonObject
        {
            ["rule"] = $"self.lib != 'format' || !format.{f}().validate(self.n).hasValue()",
            ["messageExpression"] = $"format.named('{f}').value().validate(self.n).value()[0]",
        }),
    ]).ToJsonString();

    private static string Failed(string name) => $"spec: Invalid value: \"object\": {name}";

    private static string Message(string message) => Failed(message);

    private static string Error(string error, string name) => $"spec: Invalid value: \"object\": {error} evaluating rule: {name}";

    private static string IpError(string ip, string error, string name) =>
        Error($"IP Address \"{ip}\" parse error during conversion from string: ParseAddr(\"{ip}\"): {error}", name);

    private static string NoSuchOverload(string name) =>
        $"spec: Invalid value: \"object\": 'no such overload': call arguments did not match a supported operator, function or macro signature for rule: {name}";
}
