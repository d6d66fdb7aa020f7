using Harness.EnvTest.Environment;

namespace Harness.EnvTest.Tests.Environment;

/// <summary>The embedded API server: always available.</summary>
public sealed class EmbeddedBackendFixture : ApiServerBackendFixture
{
    protected override TestEnvironmentOptions? CreateOptions(out string skipReason)
    {
        skipReason = string.Empty;
        return new TestEnvironmentOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, EnvironmentVariable = _ => null };
    }
}
