using System.Text;
using Harness.EnvTest.Requests;

namespace Harness.EnvTest.Errors;

/// <summary>
/// What kube-apiserver 1.32 answers when it fails rather than refuses: a lost optimistic-concurrency race, overload,
/// storage trouble, an unavailable aggregated API, a handler past its deadline, watch history compacted away. The core
/// never answers these by itself; a fault injector at a transport boundary does, byte for byte as kube writes them.
/// </summary>
public static class ServerFailures
{
    /// <summary>
    /// The <c>Retry-After</c> of <see cref="TooManyRequests"/>. API Priority and Fairness rejects with 1 (its
    /// <c>rejectedRequestRetryAfter</c>); the max-in-flight filter too.
    /// </summary>
    public const int OverloadRetryAfterSeconds = 1;

    /// <summary>An update that lost an optimistic-concurrency race: <c>409 Conflict</c>, the object's resource and name in the details.</summary>
    public static BufferedApiResponse Conflict(string resource, string group, string name) =>
        Failure(ApiErrors.Conflict(resource, group, name, ApiErrors.ConflictModified));

    /// <summary>
    /// API Priority and Fairness rejecting a request: <c>429</c> with <c>Retry-After</c>, written by Go's
    /// <c>http.Error</c> (plain text, not a Status; client-go makes a TooManyRequests Status of it on its side).
    /// </summary>
    public static BufferedApiResponse TooManyRequests() =>
        new(429, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes("Too many requests, please try again later.\n"))
        {
            RetryAfterSeconds = OverloadRetryAfterSeconds,
        };

    /// <summary>
    /// A storage error that is no API status (<c>etcdserver: leader changed</c>, <c>etcdserver: request timed out</c>):
    /// kube's <c>ErrorToAPIStatus</c> makes it a <c>500</c> with the error's text and no reason.
    /// </summary>
    public static BufferedApiResponse StorageError(string etcdError) => Failure(new ApiStatusException(500, string.Empty, etcdError));

    /// <summary>The aggregator's answer when an APIService's backend cannot be reached: <c>503</c>, plain text by <c>http.Error</c>.</summary>
    public static BufferedApiResponse ServiceUnavailable() =>
        new(503, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes("service unavailable\n"));

    /// <summary>
    /// The timeout filter's answer to a handler still running at the request's deadline: <c>504 Timeout</c>, empty
    /// details. The handler may still complete: a write answered so may have been stored.
    /// </summary>
    public static BufferedApiResponse Timeout() =>
        Failure(new ApiStatusException(504, "Timeout", "Timeout: request did not complete within requested timeout - context deadline exceeded", new StatusDetails(null, null, null)));

    /// <summary>
    /// The watch frame etcd's watcher sends when the revision it watches from was compacted under it: an <c>ERROR</c>
    /// event with <c>410 Expired</c>, after which the stream ends and a client must list again.
    /// </summary>
    public static ReadOnlyMemory<byte> WatchExpired() =>
        StatusWriter.ErrorEvent(ApiErrors.Expired("The resourceVersion for the provided watch is too old."));

    private static BufferedApiResponse Failure(ApiStatusException error) => new(error.Code, "application/json", StatusWriter.Failure(error));
}
