namespace Harness.Scenarios.Faults.Api;

/// <summary>A fault of the API server as one component's client meets it: a request's answer, or a watch's stream.</summary>
public enum ApiFaultKind
{
    /// <summary>An update answered <c>409 Conflict</c>, as when another writer stored the object first; nothing stored.</summary>
    Conflict,

    /// <summary>A request rejected by API Priority and Fairness: <c>429</c> with <c>Retry-After</c>; nothing stored.</summary>
    TooManyRequests,

    /// <summary>A storage error (<c>etcdserver: leader changed</c> or <c>request timed out</c>): <c>500</c>; nothing stored.</summary>
    StorageError,

    /// <summary>An aggregated API (KubeVirt's subresources) whose backend the aggregator cannot reach: <c>503</c>; nothing done.</summary>
    ServiceUnavailable,

    /// <summary>A request past its deadline before it was handled: <c>504 Timeout</c>; nothing stored.</summary>
    Timeout,

    /// <summary>A write handled and stored, but answered <c>504 Timeout</c>: the client cannot tell it from <see cref="Timeout"/>.</summary>
    TimeoutAfterApplied,

    /// <summary>A watch whose stream ends before an event (the client watches again from the last version it saw).</summary>
    WatchClosed,

    /// <summary>A watch that ends with an <c>ERROR</c> event, <c>410 Expired</c> (the client must list again).</summary>
    WatchExpired,

    /// <summary>A watch event held back for some virtual seconds (and every event after it on that watch).</summary>
    WatchDelayed,

    /// <summary>A watch event sent twice.</summary>
    WatchDuplicated,

    /// <summary>
    /// A watch event lost: the client's cache lags (stale reads) until the watch's next frame, an event or a bookmark,
    /// which comes as <c>410 Expired</c> instead, so a list reveals what was lost.
    /// </summary>
    WatchDropped,
}
