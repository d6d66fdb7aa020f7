using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.Instancetypes;

/// <summary>A preference, namespaced or cluster-wide: the two kinds differ only in scope.</summary>
public abstract class PreferenceResource : Resource
{
    [JsonPropertyName("spec")]
    public VirtualMachinePreferenceSpec Spec { get; set; } = new();
}
