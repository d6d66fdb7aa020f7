using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.Clones;

/// <summary>The filters of the VM template's (<c>spec.template.metadata</c>) labels and annotations.</summary>
public sealed class VirtualMachineCloneTemplateFilters : ApiObject
{
    [JsonPropertyName("annotationFilters")]
    public IList<string>? AnnotationFilters { get; set; }

    [JsonPropertyName("labelFilters")]
    public IList<string>? LabelFilters { get; set; }
}
