using System.Text.Json;

namespace Harness.Scenarios.Running;

/// <summary>A scenario as a JSON file: what a shrunk case is saved as, and what <c>harness replay --case FILE</c> runs.</summary>
public static class ScenarioFile
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string Serialize(Scenario scenario) => JsonSerializer.Serialize(scenario, Json);

    /// <exception cref="JsonException">The text is not a scenario.</exception>
    public static Scenario Deserialize(string json) =>
        JsonSerializer.Deserialize<Scenario>(json, Json) ?? throw new JsonException("the file holds no scenario");
}
