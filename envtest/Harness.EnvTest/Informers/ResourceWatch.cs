using k8s;

namespace Harness.EnvTest.Informers;

/// <summary>
/// Reads a watch of every object of a resource path (<c>api/v1/pods</c>, <c>apis/GROUP/VERSION/PLURAL</c>) from now, as
/// the in-process controllers' metadata cache consumes it: ERROR events are skipped, the sequence ends when the server
/// closes the watch.
/// </summary>
public delegate IAsyncEnumerable<(WatchEventType Type, PartialObject Object)> ResourceWatch(string path, CancellationToken cancellationToken);
