using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using Harness.EnvTest.FieldValidation;
using Harness.EnvTest.Serialization;

namespace Harness.EnvTest.Patching.ServerSideApply;

/// <summary>
/// Reads an <c>application/apply-patch+yaml</c> body: YAML (JSON being YAML) whose first document is a
/// mapping, with plain scalars typed as the YAML 1.1 resolver kube-apiserver uses types them.
/// </summary>
internal static class ApplyConfigurationReader
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
            document = YamlDocumentReader.Read(text, YamlScalarResolver.Resolve, duplicateKeys);
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
}
