using Harness.Reconciling;

namespace Harness.Simulators.KubeVirt.Instances;

/// <summary>How virt-launcher answered one freeze or unfreeze request of a VMI, or how virt-api refused an unfreeze before it reached virt-launcher.</summary>
/// <param name="Instance">The VMI.</param>
/// <param name="Unfreeze">An unfreeze request; otherwise a freeze.</param>
/// <param name="Error">
/// The error answered (the agent failed, did not answer in time, or is not connected; for an unfreeze also: virt-api
/// could not read the VMI, or it is not running); null on success.
/// </param>
/// <param name="SafetyThawArmed">
/// Whether a safety thaw is armed after the answer. virt-launcher arms one only when a freeze succeeds with a non-zero
/// <c>unfreezeTimeout</c> (<c>FreezeVMI</c>); a failed freeze leaves armed only an earlier freeze's; an unfreeze cancels it.
/// </param>
public sealed record FreezeAnswer(ObjectKey Instance, bool Unfreeze, string? Error, bool SafetyThawArmed);
