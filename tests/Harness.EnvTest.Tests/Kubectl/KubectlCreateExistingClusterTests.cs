using Harness.EnvTest.Tests.Environment;

namespace Harness.EnvTest.Tests.Kubectl;

/// <summary>The kubectl create tests on an existing cluster.</summary>
public sealed class KubectlCreateExistingClusterTests(ExistingClusterBackendFixture fixture)
    : KubectlCreateTests<ExistingClusterBackendFixture>(fixture), IClassFixture<ExistingClusterBackendFixture>;
