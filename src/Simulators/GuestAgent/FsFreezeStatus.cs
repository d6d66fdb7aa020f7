namespace Harness.Simulators.GuestAgent;

/// <summary>The answer of <c>guest-fsfreeze-status</c>.</summary>
public enum FsFreezeStatus
{
    Thawed,
    Frozen,
}
