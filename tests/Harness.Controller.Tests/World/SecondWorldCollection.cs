namespace Harness.Controller.Tests.World;

/// <summary>The second half of the conformance classes on the live cluster of <see cref="LiveWorldFixture"/> (see <see cref="WorldCollection"/>).</summary>
[CollectionDefinition(Name)]
public sealed class SecondWorldCollection : ICollectionFixture<LiveWorldFixture>
{
    public const string Name = "worlds, second";
}
