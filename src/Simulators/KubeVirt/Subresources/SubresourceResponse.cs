namespace Harness.Simulators.KubeVirt.Subresources;

/// <summary>The answer of <see cref="SubresourceApi"/>: an HTTP status, a content type and a body (possibly empty).</summary>
public sealed record SubresourceResponse(int StatusCode, string ContentType, ReadOnlyMemory<byte> Body);
