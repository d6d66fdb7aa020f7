using Harness.EnvTest.Tests.Backends;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Validation;

/// <summary>Lease, ControllerRevision and Namespace validation, on both backends.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CoordinationAppsValidationTests(ClusterFixture clusters)
{
    [SkippableTheory, Backends]
    public async Task CreateLease_ZeroDurationNegativeTransitions_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var lease = new V1Lease { Metadata = new V1ObjectMeta { Name = "l" }, Spec = new V1LeaseSpec { LeaseDurationSeconds = 0, LeaseTransitions = -1 } };

        await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoordinationV1.CreateNamespacedLeaseAsync(lease, cluster.Namespace),
            "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0",
            "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0");
    }

    [SkippableTheory, Backends]
    public async Task CreateControllerRevision_NegativeRevisionNoData_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var revision = new V1ControllerRevision { Metadata = new V1ObjectMeta { Name = "r" }, Revision = -1 };

        await ValidationAssert.InvalidAsync(
            () => cluster.Client.AppsV1.CreateNamespacedControllerRevisionAsync(revision, cluster.Namespace),
            "revision: Invalid value: -1: must be greater than or equal to 0",
            "data: Required value: data is mandatory");
    }

    [SkippableTheory, Backends]
    public async Task CreateNamespace_NotALabel_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "Bad" } }),
            "metadata.name: Invalid value: \"Bad\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
    }
}
