namespace Harness.EnvTest.Admission;

/// <summary>What a failed call to an admission handler means.</summary>
public enum AdmissionFailurePolicy
{
    /// <summary>The request is rejected (kube's default).</summary>
    Fail,

    /// <summary>The handler is skipped.</summary>
    Ignore,
}
