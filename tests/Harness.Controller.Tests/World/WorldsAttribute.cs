using System.Reflection;
using Xunit.Sdk;

namespace Harness.Controller.Tests.World;

/// <summary>
/// Theory data: the case's body runs once per <see cref="WorldKind"/>; the live case skips (with how to enable it) when
/// the reference binaries are absent. Use with <c>[SkippableTheory]</c> in a class of a world collection (<see cref="WorldCollection"/>), through
/// <see cref="LiveWorldFixture.RunAsync"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class WorldsAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => Enum.GetValues<WorldKind>().Select(kind => new object[] { kind });
}
