using System.Text.Json.Nodes;

namespace Harness.EnvTest.Resources;

/// <summary>
/// Converts a built-in resource's objects between what a served version reads and writes and what the store
/// holds, for resources whose versions differ in more than <c>apiVersion</c> (kube's registered conversions).
/// </summary>
internal interface IObjectConverter
{
    /// <summary>Whether this version serves the stored form unchanged (reads need no conversion).</summary>
    bool ServesStoredForm { get; }

    /// <summary>The stored form of an object written through this version (storage apiVersion, storage field names), in place or new.</summary>
    JsonObject ToStorage(JsonObject served);

    /// <summary>A stored object as this version serves it (a new object; the stored one is not changed).</summary>
    JsonObject FromStorage(JsonObject stored);
}
