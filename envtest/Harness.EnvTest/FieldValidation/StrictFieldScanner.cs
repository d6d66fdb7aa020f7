using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Harness.EnvTest.FieldValidation;

/// <summary>
/// The strict decoding errors kube's JSON decoder reports for a built-in kind's body, in document order: unknown fields and
/// repeated keys interleaved as met. A key is repeated only where the type decodes it (a known field, a map key); an unknown
/// field is reported once however often it repeats, and nothing inside it, nor inside values with their own decoder
/// (RawExtension, a CRD schema's <c>default</c>), is looked at.
/// </summary>
internal static class StrictFieldScanner
{
    private const int MaxErrors = 100;

    public static List<string> Find(ReadOnlySpan<byte> json, FieldShape shape)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 10000 });
        var scan = new Scan();
        if (reader.Read())
        {
            scan.Value(ref reader, shape);
        }

        return scan.Errors;
    }

    private sealed class Scan
    {
        private readonly StringBuilder path = new();
        private readonly HashSet<string> seen = new(StringComparer.Ordinal);

        public List<string> Errors { get; } = [];

        /// <summary>Reads the value the reader is on, leaving it on the value's last token.</summary>
        public void Value(ref Utf8JsonReader reader, FieldShape shape)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject when shape.Kind is FieldShapeKind.Struct or FieldShapeKind.Map:
                    Object(ref reader, shape);
                    break;
                case JsonTokenType.StartArray when shape.Kind == FieldShapeKind.List:
                    var index = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var length = path.Length;
                        path.Append('[').Append(index++.ToString(CultureInfo.InvariantCulture)).Append(']');
                        Value(ref reader, shape.Element!);
                        path.Length = length;
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        private void Object(ref Utf8JsonReader reader, FieldShape shape)
        {
            HashSet<string>? keys = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!;
                reader.Read();
                var length = path.Length;
                if (path.Length > 0)
                {
                    path.Append('.');
                }

                path.Append(key);
                FieldShape? field = shape.Element;
                if (shape.Kind == FieldShapeKind.Struct && !shape.TryGetField(key, out field))
                {
                    Add(StrictDecodingErrors.UnknownField(path.ToString()));
                    reader.Skip();
                }
                else
                {
                    if (!(keys ??= new HashSet<string>(StringComparer.Ordinal)).Add(key))
                    {
                        Add(StrictDecodingErrors.DuplicateField(path.ToString()));
                    }

                    Value(ref reader, field!);
                }

                path.Length = length;
            }
        }

        private void Add(string error)
        {
            if (Errors.Count < MaxErrors && seen.Add(error))
            {
                Errors.Add(error);
            }
        }
    }
}
