using Harness.EnvTest.Tests.Environment;

namespace Harness.EnvTest.Tests.Kubectl;

/// <summary>The kubectl create tests on the binary backend.</summary>
public sealed class KubectlCreateBinaryTests(BinaryBackendFixture fixture)
    : KubectlCreateTests<BinaryBackendFixture>(fixture), IClassFixture<BinaryBackendFixture>;
