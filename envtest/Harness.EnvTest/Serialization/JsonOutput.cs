using System.Text.Encodings.Web;
using System.Text.Json;

namespace Harness.EnvTest.Serialization;

/// <summary>JSON writer settings shared by every response: quotes escaped as <c>\"</c>, as Go's encoder does.</summary>
internal static class JsonOutput
{
    public static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public static readonly JsonSerializerOptions Serializer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
