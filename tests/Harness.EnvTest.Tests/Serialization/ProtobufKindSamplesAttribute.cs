using System.Reflection;
using Harness.EnvTest.Tests.Backends;
using Xunit.Sdk;

namespace Harness.EnvTest.Tests.Serialization;

/// <summary>Each backend with the name of each <see cref="ProtobufKindSample"/>: a test's arguments are the backend and the sample's name.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProtobufKindSamplesAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
        Enum.GetValues<Backend>().SelectMany(backend => ProtobufKindSample.All.Keys.Select(sample => new object[] { backend, sample }));
}
