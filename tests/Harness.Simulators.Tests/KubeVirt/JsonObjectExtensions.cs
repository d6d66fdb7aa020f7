using System.Text.Json.Nodes;

namespace Harness.Simulators.Tests.KubeVirt;

internal static class JsonObjectExtensions
{
    /// <summary>Applies <paramref name="change"/> and returns the same object, for building manifests inline.</summary>
    public static JsonObject Also(this JsonObject obj, Action<JsonObject> change)
    {
        change(obj);
        return obj;
    }
}
