using Harness.EnvTest.Admission;

namespace Harness.EnvTest.Environment;

/// <summary>
/// An admission handler that a <see cref="TestEnvironment"/> installs: in the embedded core's admission chain, or as
/// an HTTPS webhook (a Validating/MutatingWebhookConfiguration) for a real kube-apiserver.
/// </summary>
/// <param name="Name">The webhook name, a qualified name such as <c>virtualmachinesnapshot-validator.snapshot.kubevirt.io</c>.</param>
/// <param name="Rules">Which requests it reviews.</param>
/// <param name="Handler">The handler.</param>
/// <param name="Mutating">Whether it may patch the object (mutating webhooks run before validating ones).</param>
/// <param name="FailurePolicy">What a failed call means.</param>
public sealed record AdmissionWebhook(
    string Name,
    IReadOnlyList<AdmissionRule> Rules,
    IAdmissionHandler Handler,
    bool Mutating = false,
    AdmissionFailurePolicy FailurePolicy = AdmissionFailurePolicy.Fail);
