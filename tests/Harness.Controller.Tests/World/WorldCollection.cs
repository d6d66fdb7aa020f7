namespace Harness.Controller.Tests.World;

/// <summary>
/// The first half of the conformance classes that share the live cluster of <see cref="LiveWorldFixture"/>. The other
/// half is <see cref="SecondWorldCollection"/>; <see cref="WorldsFirst"/> starts both at once, so two live cases (which
/// mostly wait on the cluster's processes) run side by side.
/// </summary>
[CollectionDefinition(Name)]
public sealed class WorldCollection : ICollectionFixture<LiveWorldFixture>
{
    public const string Name = "worlds";

    /// <summary>The world collections: at most this many live cases run at once.</summary>
    public const int Count = 2;
}
