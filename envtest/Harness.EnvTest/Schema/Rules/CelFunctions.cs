namespace Harness.EnvTest.Schema.Rules;

/// <summary>
/// The functions kube-apiserver 1.32 declares for a new CRD rule (its CEL environment at compatibility version 1.31): CEL's
/// standard library, optional types, cel-go's strings (version 2) and sets extensions, and apiserver's URL, regex, lists,
/// authorizer (with selectors), quantity, IP, CIDR and format libraries. A call of any other name is an undeclared reference
/// to cel-go's checker. Names are what a rule writes: a namespaced function by its whole name (<c>optional.of</c>).
/// </summary>
internal static class CelFunctions
{
    private static readonly HashSet<string> Declared = new(StringComparer.Ordinal)
    {
        // CEL's standard library.
        "size", "matches", "contains", "startsWith", "endsWith", "int", "uint", "double", "string", "bytes", "bool", "type", "dyn",
        "duration", "timestamp", "getFullYear", "getMonth", "getDayOfYear", "getDayOfMonth", "getDate", "getDayOfWeek", "getHours",
        "getMinutes", "getSeconds", "getMilliseconds",

        // Optional types, with their macros.
        "optional.of", "optional.ofNonZeroValue", "optional.none", "optional.unwrap", "unwrapOpt", "value", "hasValue", "or", "orValue",
        "first", "last", "optMap", "optFlatMap",

        // cel-go's strings extension, version 2, and sets extension.
        "charAt", "indexOf", "lastIndexOf", "lowerAscii", "upperAscii", "replace", "split", "substring", "trim", "join", "format",
        "strings.quote", "sets.contains", "sets.equivalent", "sets.intersects",

        // apiserver's URL, regex and lists libraries.
        "url", "isURL", "getScheme", "getHost", "getHostname", "getPort", "getEscapedPath", "getQuery", "find", "findAll",
        "isSorted", "sum", "min", "max",

        // apiserver's authorizer library and its selectors.
        "path", "group", "serviceAccount", "resource", "subresource", "namespace", "name", "check", "allowed", "reason", "errored",
        "error", "fieldSelector", "labelSelector",

        // apiserver's quantity library.
        "quantity", "isQuantity", "sign", "isGreaterThan", "isLessThan", "compareTo", "add", "sub", "asInteger", "isInteger",
        "asApproximateFloat",

        // apiserver's IP and CIDR libraries.
        "ip", "isIP", "ip.isCanonical", "family", "isUnspecified", "isLoopback", "isLinkLocalMulticast", "isLinkLocalUnicast",
        "isGlobalUnicast", "cidr", "isCIDR", "containsIP", "containsCIDR", "masked", "prefixLength",

        // apiserver's format library.
        "validate", "format.named", "format.dns1123Label", "format.dns1123Subdomain", "format.dns1035Label", "format.qualifiedName",
        "format.dns1123LabelPrefix", "format.dns1123SubdomainPrefix", "format.dns1035LabelPrefix", "format.labelValue", "format.uri",
        "format.uuid", "format.byte", "format.date", "format.datetime",
    };

    /// <summary>Whether a call of <paramref name="name"/> resolves to a declared function.</summary>
    public static bool IsDeclared(string name) => Declared.Contains(name);
}
