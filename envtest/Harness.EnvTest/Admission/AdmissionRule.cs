namespace Harness.EnvTest.Admission;

/// <summary>
/// Which requests an admission handler sees, as a webhook's <c>rules[]</c> entry: operations
/// (<c>CREATE</c>, <c>UPDATE</c>, <c>DELETE</c>, <c>*</c>), API groups, versions, resources
/// (<c>virtualmachinesnapshots</c>, <c>pods/status</c>, <c>*</c>, <c>*/*</c>) and scope
/// (<c>Cluster</c>, <c>Namespaced</c>, <c>*</c>).
/// </summary>
public sealed record AdmissionRule(
    IReadOnlyList<string> Operations,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> ApiVersions,
    IReadOnlyList<string> Resources,
    string Scope = "*");
