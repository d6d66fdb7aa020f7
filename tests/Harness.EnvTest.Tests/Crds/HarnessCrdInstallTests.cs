using Harness.EnvTest.Environment;
using Harness.EnvTest.Tests.Backends;
using k8s;

namespace Harness.EnvTest.Tests.Crds;

/// <summary>
/// Every CRD the harness installs (envtest/crds: KubeVirt, CDI, snapshot and group-snapshot) passed each backend's CRD
/// validation, its CEL rules' type checks and cost budgets included, when the test environment started: each is stored
/// and Established.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class HarnessCrdInstallTests(ClusterFixture clusters)
{
    public static TheoryData<Backend, string> Cases
    {
        get
        {
            var cases = new TheoryData<Backend, string>();
            foreach (var backend in Enum.GetValues<Backend>())
            {
                foreach (var crd in CrdInstallOptions.HarnessCrds())
                {
                    cases.Add(backend, crd.Metadata.Name);
                }
            }

            return cases;
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task Start_HarnessCrd_IsInstalledAndEstablished(Backend backend, string name)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var installed = await cluster.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(name);

        Assert.Contains(installed.Status.Conditions, condition => condition is { Type: "Established", Status: "True" });
    }
}
