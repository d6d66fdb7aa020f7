using k8s.Models;

namespace Harness.Reconciling;

/// <summary>One validating webhook: its name in the configuration, its URL path, which requests it sees and who reviews them.</summary>
/// <param name="Name">A qualified name, such as <c>virtualmachinesnapshot-validator.snapshot.kubevirt.io</c>.</param>
/// <param name="Path">The URL path, such as <c>/virtualmachinesnapshots-validate</c>.</param>
/// <param name="Rules">The operations and resources it is called for.</param>
/// <param name="Reviewer">The logic.</param>
public sealed record ValidatingWebhookEndpoint(string Name, string Path, IReadOnlyList<V1RuleWithOperations> Rules, IAdmissionReviewer Reviewer);
