namespace Harness.EnvTest.Admission;

/// <summary>An in-process admission handler with its name, rules and failure policy.</summary>
internal sealed record AdmissionRegistration(string Name, IReadOnlyList<AdmissionRule> Rules, IAdmissionHandler Handler, AdmissionFailurePolicy FailurePolicy, bool Mutating);
