using Harness.Controller.Admission;
using Harness.EnvTest.Environment;
using Harness.Scenarios.Cluster;
using k8s;

namespace Harness.Controller.Tests.Admission;

/// <summary>The embedded API server calling the admission in-process, in its own admission chain.</summary>
public sealed class InProcessAdmissionFixture : AdmissionFixture
{
    protected override TestEnvironmentOptions? CreateOptions(out string skipReason)
    {
        skipReason = "";
        return new TestEnvironmentOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, EnvironmentVariable = _ => null };
    }

    protected override Task InstallAsync(IKubernetes client)
    {
        var core = ((EmbeddedApiServerBackend)Environment.Backend).Core!;
        foreach (var endpoint in SnapshotWebhooks.Endpoints(client))
        {
            core.RegisterValidatingAdmission(endpoint.Name, AdmissionReviewerHandler.Rules(endpoint), new AdmissionReviewerHandler(endpoint.Reviewer));
        }

        return Task.CompletedTask;
    }
}
