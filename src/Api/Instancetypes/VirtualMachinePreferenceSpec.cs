using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.Instancetypes;

/// <summary>What a preference suggests: the CPU topology (device, firmware, machine preferences... stay as unknown fields).</summary>
public sealed class VirtualMachinePreferenceSpec : ApiObject
{
    [JsonPropertyName("cpu")]
    public CpuPreferences? Cpu { get; set; }
}
