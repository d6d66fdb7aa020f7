using System.Text.Json;

namespace Harness.EnvTest.Serialization;

/// <summary>JSON writer settings shared by every response: strings escaped as Go's encoder escapes them (<see cref="GoJsonEncoder"/>).</summary>
internal static class JsonOutput
{
    public static readonly JsonWriterOptions Writer = new() { Encoder = GoJsonEncoder.Instance, SkipValidation = true };
}
