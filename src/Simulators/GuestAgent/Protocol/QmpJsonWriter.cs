using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.Simulators.GuestAgent;

/// <summary>Writes JSON as qemu's <c>qobject_to_json</c> does: one line, <c>": "</c> and <c>", "</c> separators.</summary>
internal static class QmpJsonWriter
{
    private static readonly JsonSerializerOptions Escaping = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonNode? node)
    {
        var text = new StringBuilder();
        Append(text, node);
        return text.ToString();
    }

    private static void Append(StringBuilder text, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                text.Append('{');
                var firstMember = true;
                foreach (var (key, value) in obj)
                {
                    text.Append(firstMember ? "" : ", ").Append(JsonValue.Create(key).ToJsonString(Escaping)).Append(": ");
                    Append(text, value);
                    firstMember = false;
                }

                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    text.Append(i == 0 ? "" : ", ");
                    Append(text, array[i]);
                }

                text.Append(']');
                break;
            case null:
                text.Append("null");
                break;
            default:
                text.Append(node.ToJsonString(Escaping));
                break;
        }
    }
}
