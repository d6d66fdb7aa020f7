using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.Instancetypes;

/// <summary>An instance type, namespaced or cluster-wide: the two kinds differ only in scope.</summary>
public abstract class InstancetypeResource : Resource
{
    [JsonPropertyName("spec")]
    public VirtualMachineInstancetypeSpec Spec { get; set; } = new();
}
