using System.Reflection;
using Xunit.Sdk;

namespace Harness.EnvTest.Tests.Backends;

/// <summary>
/// Theory data: the test body runs once per <see cref="Backend"/>; the binary case skips (with how to enable it) when the
/// reference binaries are absent. Use with <c>[SkippableTheory]</c> in a <see cref="ClusterCollection"/> class.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BackendsAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => Enum.GetValues<Backend>().Select(backend => new object[] { backend });
}
