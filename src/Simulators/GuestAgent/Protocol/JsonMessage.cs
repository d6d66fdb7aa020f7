using System.Text.Json.Nodes;

namespace Harness.Simulators.GuestAgent;

/// <summary>One complete value read from the channel, or the parse error that replaced it.</summary>
internal readonly record struct JsonMessage(JsonNode? Value, string? ParseError);
