using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Harness.EnvTest.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Harness.EnvTest.Serialization.GoYaml;

/// <summary>
/// Writes JSON as YAML the way kube-apiserver's YAML serializer does (sigs.k8s.io/yaml's <c>JSONToYAML</c>: go-yaml v2
/// reads the JSON into Go maps, then writes them): block style, keys in <see cref="GoYamlKeyOrder"/> (one over 128
/// characters as <c>? key</c>), empty objects and lists as <c>{}</c> and <c>[]</c>, lines folded at 80 columns, and each
/// string in the style go-yaml picks (<see cref="StyleOf"/>).
/// </summary>
internal static partial class GoYamlWriter
{
    public static byte[] FromJson(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 10000 });
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(text, new EmitterSettings().WithBestIndent(2).WithBestWidth(80).WithMaxSimpleKeyLength(128).WithNewLine("\n"));
        var escapes = EscapeStandIns.For(Encoding.UTF8.GetString(json));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Write(emitter, document.RootElement, escapes);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return Encoding.UTF8.GetBytes(escapes.Restore(text.ToString()));
    }

    private static void Write(IEmitter emitter, JsonElement element, EscapeStandIns escapes)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = element.EnumerateObject().OrderBy(p => p.Name, GoYamlKeyOrder.Instance).ToList();
                emitter.Emit(new MappingStart(null, null, isImplicit: true, properties.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var property in properties)
                {
                    String(emitter, property.Name, escapes);
                    Write(emitter, property.Value, escapes);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonValueKind.Array:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, element.GetArrayLength() == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in element.EnumerateArray())
                {
                    Write(emitter, item, escapes);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValueKind.String:
                String(emitter, element.GetString()!, escapes);
                break;
            case JsonValueKind.Number:
                Plain(emitter, GoYamlNumber.Format(element.GetRawText()));
                break;
            default:
                Plain(emitter, element.GetRawText());
                break;
        }
    }

    private static void Plain(IEmitter emitter, string text) => emitter.Emit(new Scalar(null, null, text, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));

    private static void String(IEmitter emitter, string json, EscapeStandIns escapes)
    {
        var text = AsGoYamlReadsIt(json);
        var style = StyleOf(text);
        emitter.Emit(new Scalar(null, null, style == ScalarStyle.DoubleQuoted ? escapes.StandIn(text) : text, style, isPlainImplicit: true, isQuotedImplicit: true));
    }

    /// <summary>
    /// The string as go-yaml reads it back from Go's JSON, which leaves DEL, C1 controls and U+0085 (NEL) unescaped: its
    /// reader refuses the first two (kube answers 500) and takes NEL as a line break inside a quoted scalar, folded as YAML
    /// folds breaks (one becomes a space, n become n-1 line feeds, with the spaces around them).
    /// </summary>
    private static string AsGoYamlReadsIt(string text)
    {
        foreach (var c in text)
        {
            if (c is >= '\u007f' and <= '\u009f' and not '\u0085' or '\ufffe' or '\uffff')
            {
                throw ApiErrors.Storage("yaml: control characters are not allowed");
            }
        }

        return text.Contains('\u0085', StringComparison.Ordinal)
            ? NextLine().Replace(text, m => m.Value.Count(c => c == '\u0085') is 1 ? " " : new string('\n', m.Value.Count(c => c == '\u0085') - 1))
            : text;
    }

    [GeneratedRegex("[ ]*\u0085(?:[ ]*\u0085)*[ ]*")]
    private static partial Regex NextLine();

    /// <summary>
    /// go-yaml's choice: a string with a line break literal, one that reads back as a string plain, any other double-quoted;
    /// the emitter then falls back from plain to single- or double-quoted where plain cannot hold the text. A character
    /// go-yaml does not print (a tab, a control character, one beyond U+FFFF) forces double quotes, with escapes.
    /// </summary>
    private static ScalarStyle StyleOf(string text) =>
        !Printable(text) ? ScalarStyle.DoubleQuoted
        : text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
        : YamlScalarResolver.ReadsAsString(text) ? ScalarStyle.Plain
        : ScalarStyle.DoubleQuoted;

    /// <summary>go-yaml's <c>is_printable</c> over the whole text: line feed, printable ASCII, U+00A0..U+D7FF and U+E000..U+FFFD but U+FEFF.</summary>
    private static bool Printable(string text)
    {
        foreach (var c in text)
        {
            if (!(c == '\n' || c is >= ' ' and <= '~' || c is >= '\u00a0' and <= '\ud7ff' || (c is >= '\ue000' and <= '\ufffd' && c != '\ufeff')))
            {
                return false;
            }
        }

        return true;
    }
}
