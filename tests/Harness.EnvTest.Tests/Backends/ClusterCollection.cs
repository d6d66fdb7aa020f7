namespace Harness.EnvTest.Tests.Backends;

/// <summary>The test classes that share one <see cref="ClusterFixture"/>: one embedded server and one real control plane.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "clusters";
}
