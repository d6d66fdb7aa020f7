using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harness.Api.Resources;

/// <summary>
/// A JSON object of the Kubernetes API that keeps the fields its model does not declare: they are read into
/// <see cref="UnknownFields"/> and written back unchanged, so an object read and written again loses nothing
/// (a VirtualMachine is captured verbatim into a snapshot and restored from it).
/// </summary>
public class ApiObject
{
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
