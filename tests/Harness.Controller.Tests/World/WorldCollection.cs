namespace Harness.Controller.Tests.World;

/// <summary>The conformance classes that share one <see cref="LiveWorldFixture"/>: one real control plane and live cluster.</summary>
[CollectionDefinition(Name)]
public sealed class WorldCollection : ICollectionFixture<LiveWorldFixture>
{
    public const string Name = "worlds";
}
