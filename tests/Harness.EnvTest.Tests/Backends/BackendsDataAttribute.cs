using System.Reflection;
using Xunit.Sdk;

namespace Harness.EnvTest.Tests.Backends;

/// <summary>
/// Theory data like <c>[InlineData]</c>, once per <see cref="Backend"/>: the case's arguments are the backend, then
/// <c>data</c>. Use with <c>[SkippableTheory]</c>, one attribute per row.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class BackendsDataAttribute(params object?[] data) : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
        Enum.GetValues<Backend>().Select(backend => (object[])data.Prepend(backend).ToArray());
}
