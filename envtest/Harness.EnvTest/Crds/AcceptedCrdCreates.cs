using System.Text.Json.Nodes;
using Harness.EnvTest.Requests;

namespace Harness.EnvTest.Crds;

/// <summary>
/// The CustomResourceDefinition creates this thread's API servers have accepted, each remembered as the object stood
/// when it reached mutating admission: decoded, its managed fields recorded, defaulted and pruned. That object is a
/// function of the request and the time alone, so a later create of the same request at the same time (as every
/// simulated cluster makes at its start) starts from a copy: decoding, managed fields and the CRD's validation run once,
/// not once per server. Only creates that added no warning and that admission left unchanged are remembered; the uid
/// and the timestamps are set after admission by every create. JSON nodes are not made for other threads: hence one memo per thread, as
/// <see cref="Schema.ParsedSchemaCache"/> keeps.
/// </summary>
internal static class AcceptedCrdCreates
{
    /// <summary>Enough for the CRDs of a few clusters; a thread that accepts more starts over.</summary>
    private const int Capacity = 128;

    [ThreadStatic]
    private static Dictionary<Request, JsonObject>? accepted;

    /// <summary>A copy of the object accepted for <paramref name="request"/>, or null.</summary>
    public static JsonObject? Find(Request request) =>
        accepted is { } memo && memo.TryGetValue(request, out var prepared) ? (JsonObject)prepared.DeepClone() : null;

    /// <summary>Remembers <paramref name="prepared"/> (not copied: the caller hands it over) for <paramref name="request"/>.</summary>
    public static void Remember(Request request, JsonObject prepared)
    {
        var memo = accepted ??= [];
        if (memo.Count >= Capacity)
        {
            memo.Clear();
        }

        memo[request with { Body = request.Body.ToArray() }] = prepared;
    }

    /// <summary>What a create's prepared object depends on: the version addressed, the time and the request itself.</summary>
    public static Request RequestOf(string apiVersion, string now, ApiRequest request) => new(
        apiVersion,
        now,
        request.ContentType,
        request.UserAgent,
        request.User,
        string.Join('&', request.Query.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)),
        request.Body);

    internal sealed record Request(string ApiVersion, string Now, string? ContentType, string? UserAgent, string User, string Query, ReadOnlyMemory<byte> Body)
    {
        public bool Equals(Request? other) =>
            other is not null && ApiVersion == other.ApiVersion && Now == other.Now && ContentType == other.ContentType &&
            UserAgent == other.UserAgent && User == other.User && Query == other.Query && Body.Span.SequenceEqual(other.Body.Span);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(ApiVersion);
            hash.Add(Now);
            hash.Add(ContentType);
            hash.Add(UserAgent);
            hash.Add(User);
            hash.Add(Query);
            hash.AddBytes(Body.Span);
            return hash.ToHashCode();
        }
    }
}
