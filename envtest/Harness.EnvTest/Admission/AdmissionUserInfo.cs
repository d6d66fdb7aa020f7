using System.Text.Json.Serialization;

namespace Harness.EnvTest.Admission;

/// <summary>The requesting user.</summary>
public sealed class AdmissionUserInfo
{
    /// <summary>The user name.</summary>
    [JsonPropertyName("username")]
    public string Username { get; set; } = string.Empty;

    /// <summary>The groups of the user.</summary>
    [JsonPropertyName("groups")]
    public IList<string> Groups { get; set; } = [];
}
