using Harness.EnvTest.Tests.Environment;

namespace Harness.EnvTest.Tests.Kubectl;

/// <summary>The kubectl tests on an existing cluster.</summary>
public sealed class KubectlExistingClusterTests(ExistingClusterBackendFixture fixture)
    : KubectlTests<ExistingClusterBackendFixture>(fixture), IClassFixture<ExistingClusterBackendFixture>;
