using Harness.EnvTest.Tests.Environment;

namespace Harness.EnvTest.Tests.Kubectl;

/// <summary>The kubectl tests on the binary backend.</summary>
public sealed class KubectlBinaryTests(BinaryBackendFixture fixture)
    : KubectlTests<BinaryBackendFixture>(fixture), IClassFixture<BinaryBackendFixture>;
