namespace Harness.EnvTest.Resources;

/// <summary>A served API group and its versions, highest priority (the preferred one) first.</summary>
internal sealed record ApiGroupInfo(string Name, IReadOnlyList<string> Versions);
