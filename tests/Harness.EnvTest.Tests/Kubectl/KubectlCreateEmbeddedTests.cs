using Harness.EnvTest.Tests.Environment;

namespace Harness.EnvTest.Tests.Kubectl;

/// <summary>The kubectl create tests on the embedded backend.</summary>
public sealed class KubectlCreateEmbeddedTests(EmbeddedBackendFixture fixture)
    : KubectlCreateTests<EmbeddedBackendFixture>(fixture), IClassFixture<EmbeddedBackendFixture>;
