using Harness.EnvTest.Requests;
using k8s.Models;

namespace Harness.EnvTest.Resources;

/// <summary>A group/version served by another handler, to which the server proxies every request under it.</summary>
internal sealed record AggregatedApi(string Group, string Version, IApiHandler Backend, IReadOnlyList<V1APIResource> Resources);
