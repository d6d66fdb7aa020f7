using System.Text.Json.Nodes;
using Harness.Simulators.KubeVirt.Objects;

namespace Harness.Simulators.KubeVirt.Clones;

/// <summary>One reconcile of a clone: the clone as cached and the status it is given (a copy, written at the end).</summary>
internal sealed class CloneStep(JsonObject clone, JsonObject status)
{
    public JsonObject Clone { get; } = clone;

    public JsonObject Status { get; } = status;

    public string Phase
    {
        get => Status.Str("phase") ?? "";
        set => Status["phase"] = value;
    }
}
