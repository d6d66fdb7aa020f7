using Harness.EnvTest.Tests.Environment;

namespace Harness.EnvTest.Tests.Kubectl;

/// <summary>The kubectl tests on the embedded backend.</summary>
public sealed class KubectlEmbeddedTests(EmbeddedBackendFixture fixture)
    : KubectlTests<EmbeddedBackendFixture>(fixture), IClassFixture<EmbeddedBackendFixture>;
