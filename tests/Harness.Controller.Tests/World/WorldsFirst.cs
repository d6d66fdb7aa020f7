using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("Harness.Controller.Tests.World.WorldsFirst", "Harness.Controller.Tests")]

namespace Harness.Controller.Tests.World;

/// <summary>
/// Orders the two world collections, the longest of the assembly, first: xunit runs as many collections at once as
/// there are cores and starts the next one as one ends, so they start together and the short ones fill in beside
/// them. The others keep xunit's default order (by unique ID).
/// </summary>
public sealed class WorldsFirst : ITestCollectionOrderer
{
    private static readonly string[] Worlds = [typeof(WorldCollection).FullName!, typeof(SecondWorldCollection).FullName!];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => Worlds.Contains(c.CollectionDefinition?.Name) ? 0 : 1).ThenBy(c => c.UniqueID);
}
