using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.Cdi;

/// <summary>
/// Where a DataVolume's data comes from: exactly one source. Clone (pvc), snapshot and blank are typed; the importers
/// (http, registry, s3, upload, imageio, vddk, gcs) stay as unknown fields.
/// </summary>
public sealed class DataVolumeSource : ApiObject
{
    [JsonPropertyName("pvc")]
    public DataVolumeSourceReference? Pvc { get; set; }

    [JsonPropertyName("snapshot")]
    public DataVolumeSourceReference? Snapshot { get; set; }

    [JsonPropertyName("blank")]
    public ApiObject? Blank { get; set; }
}
