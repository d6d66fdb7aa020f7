namespace Harness.EnvTest.Loading;

/// <summary>What <see cref="Core.ApiServer.Load"/> stored: the dump's objects, in the order stored, and the namespaces it had to create.</summary>
public sealed record LoadedObjects(IReadOnlyList<string> Objects, IReadOnlyList<string> CreatedNamespaces);
