using Harness.EnvTest.Environment;

namespace Harness.Controller.Tests.Admission;

/// <summary>The embedded API server calling the admission over HTTPS through a stored ValidatingWebhookConfiguration.</summary>
public sealed class EmbeddedHttpsAdmissionFixture : HttpsAdmissionFixture
{
    protected override TestEnvironmentOptions? CreateOptions(out string skipReason)
    {
        skipReason = "";
        return new TestEnvironmentOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, EnvironmentVariable = _ => null };
    }
}
