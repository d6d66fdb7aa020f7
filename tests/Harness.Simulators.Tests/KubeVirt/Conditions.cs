using System.Text.Json.Nodes;

namespace Harness.Simulators.Tests.KubeVirt;

/// <summary>Reads fields of objects in assertions.</summary>
internal static class Conditions
{
    public static string? Printable(JsonObject? vm) => vm?["status"]?["printableStatus"]?.GetValue<string>();

    public static string? Phase(JsonObject? obj) => obj?["status"]?["phase"]?.GetValue<string>();

    public static string? Uid(JsonObject? obj) => obj?["metadata"]?["uid"]?.GetValue<string>();

    public static bool Has(JsonObject? obj, string type, string status = "True")
        => obj?["status"]?["conditions"] is JsonArray conditions
            && conditions.Any(c => c?["type"]?.GetValue<string>() == type && c["status"]?.GetValue<string>() == status);

    public static string? Message(JsonObject? status) => status?["message"]?.GetValue<string>();
}
