using Harness.Reflectors;

namespace Harness.EnvTest.Informers;

/// <summary>The <see cref="ClusterMetadataCache"/>'s reflector of one resource, and the source that stops it.</summary>
internal sealed record ResourceReflector(Reflector<string, PartialObject> Reflector, CancellationTokenSource Stopping);
