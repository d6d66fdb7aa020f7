using System.Text.Json.Serialization;

namespace Harness.Simulators.Csi.Storage.State;

/// <summary>The state file's serializer, generated at build time: a Native AOT driver has no reflection-based serializer.</summary>
[JsonSerializable(typeof(DriverStateDocument))]
internal sealed partial class DriverStateJsonContext : JsonSerializerContext;
