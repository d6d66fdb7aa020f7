using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.Instancetypes;

/// <summary>What an instance type fixes: the guest's CPUs and memory (GPUs, host devices, I/O threads... stay as unknown fields).</summary>
public sealed class VirtualMachineInstancetypeSpec : ApiObject
{
    [JsonPropertyName("cpu")]
    public CpuInstancetype Cpu { get; set; } = new();

    [JsonPropertyName("memory")]
    public MemoryInstancetype Memory { get; set; } = new();
}
