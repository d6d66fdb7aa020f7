using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using Harness.EnvTest.FieldValidation;
using Harness.EnvTest.Serialization;
using YamlDotNet.Core.Events;

namespace Harness.EnvTest.Patching.ServerSideApply;

/// <summary>
/// Reads an <c>application/apply-patch+yaml</c> body: YAML (JSON being YAML) whose first document is a
/// mapping, with plain scalars typed as the YAML 1.1 resolver kube-apiserver uses types them.
/// </summary>
internal static partial class ApplyConfigurationReader
{
    /// <summary>The configuration as a JSON object.</summary>
    /// <exception cref="PatchException">400 <c>error decoding YAML: ...</c>.</exception>
    public static JsonObject Read(ReadOnlySpan<byte> body) => Read(body, []);

    /// <summary>
    /// The keys the body repeats, in go-yaml's strict-mode wording (<c>line 10: key "paused" already set in map</c>),
    /// as kube-apiserver checks an apply body under <c>fieldValidation</c> Strict and Warn.
    /// </summary>
    public static IReadOnlyList<string> DuplicateKeys(ReadOnlySpan<byte> body)
    {
        var keys = new List<string>();
        Read(body, keys);
        return keys;
    }

    private static JsonObject Read(ReadOnlySpan<byte> body, List<string> duplicateKeys)
    {
        var text = Encoding.UTF8.GetString(body);
        if (text.TrimStart().StartsWith('{'))
        {
            try
            {
                // JSON that repeats a key is read as the YAML it also is, which names the repeated keys by line.
                if (DuplicateFields.Find(body) is null)
                {
                    return JsonNode.Parse(text) as JsonObject ?? throw Error("the body is not an object");
                }
            }
            catch (JsonException)
            {
                // Not strict JSON (comments, trailing commas): YAML flow style may still read it.
            }
        }

        JsonNode? document;
        try
        {
            document = YamlDocumentReader.Read(text, Scalar, duplicateKeys);
        }
        catch (Exception e) when (e is YamlException or ArgumentException or InvalidOperationException)
        {
            // YamlDotNet reports some malformed documents as ArgumentException/InvalidOperationException.
            throw Error(e.Message);
        }

        return document switch
        {
            JsonObject obj => obj,
            null => [],
            var other => throw Error($"json: cannot unmarshal {other.GetValueKind().ToString().ToLowerInvariant()} into Go value of type map[string]interface {{}}"),
        };
    }

    private static PatchException Error(string detail) => PatchException.BadRequest($"error decoding YAML: {detail}");

    private static JsonNode? Scalar(Scalar scalar)
    {
        var value = scalar.Value;
        if (scalar.Style is not ScalarStyle.Plain || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == "tag:yaml.org,2002:str"))
        {
            return JsonValue.Create(value);
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "y" or "Y" or "on" or "On" or "ON":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "n" or "N" or "off" or "Off" or "OFF":
                return JsonValue.Create(false);
        }

        if (IntegerPattern().IsMatch(value) && long.TryParse(value.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (HexPattern().IsMatch(value))
        {
            return JsonValue.Create(long.Parse(value[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
        }

        if (FloatPattern().IsMatch(value) && double.TryParse(value.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(value);
    }

    [GeneratedRegex(@"^[-+]?(0|[1-9][0-9_]*)$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^0x[0-9a-fA-F]{1,15}$")]
    private static partial Regex HexPattern();

    [GeneratedRegex(@"^[-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?$|^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$")]
    private static partial Regex FloatPattern();
}
