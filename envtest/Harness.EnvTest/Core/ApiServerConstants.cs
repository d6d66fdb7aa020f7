namespace Harness.EnvTest.Core;

/// <summary>Defaults and limits of the embedded API server.</summary>
public static class ApiServerConstants
{
    /// <summary>Committed changes kept for watches and paged lists.</summary>
    public const int DefaultEventHistoryLimit = 10_000;

    /// <summary>The largest object the store accepts (etcd's default request limit), in bytes.</summary>
    public const int MaxObjectBytes = 1536 * 1024;

    /// <summary>The Kubernetes version the server reports at <c>/version</c>: the reference kube-apiserver's.</summary>
    public const string GitVersion = "v1.32.6";

    /// <summary>Bookmark period of watches that allow bookmarks.</summary>
    public static readonly TimeSpan DefaultBookmarkInterval = TimeSpan.FromMinutes(1);

    /// <summary>Lifetime of a watch that does not ask for <c>timeoutSeconds</c>.</summary>
    public static readonly TimeSpan DefaultWatchTimeout = TimeSpan.FromMinutes(30);
}
