using System.Text.Json.Serialization;
using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.Clones;

/// <summary>
/// What to clone (a <c>VirtualMachine</c> or a <c>VirtualMachineSnapshot</c>), into which VirtualMachine (a generated
/// name when absent), and how the copy differs: label and annotation filters (regular expressions, <c>!</c> negates;
/// the keys not kept are removed), new MAC addresses and SMBIOS serial, and JSON patches of its own.
/// </summary>
public sealed class VirtualMachineCloneSpec : ApiObject
{
    [JsonPropertyName("source")]
    public V1TypedLocalObjectReference? Source { get; set; }

    [JsonPropertyName("target")]
    public V1TypedLocalObjectReference? Target { get; set; }

    [JsonPropertyName("annotationFilters")]
    public IList<string>? AnnotationFilters { get; set; }

    [JsonPropertyName("labelFilters")]
    public IList<string>? LabelFilters { get; set; }

    [JsonPropertyName("template")]
    public VirtualMachineCloneTemplateFilters? Template { get; set; }

    /// <summary>Interface name → MAC address; an interface not listed gets <c>""</c> (a new address from the network).</summary>
    [JsonPropertyName("newMacAddresses")]
    public IDictionary<string, string>? NewMacAddresses { get; set; }

    [JsonPropertyName("newSMBiosSerial")]
    public string? NewSMBiosSerial { get; set; }

    [JsonPropertyName("patches")]
    public IList<string>? Patches { get; set; }
}
