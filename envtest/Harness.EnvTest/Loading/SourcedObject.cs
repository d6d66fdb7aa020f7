using System.Text.Json.Nodes;

namespace Harness.EnvTest.Loading;

/// <summary>One Kubernetes object of a dump, as found, and where it was found.</summary>
public sealed record SourcedObject(JsonObject Object, ObjectSource Source);
