using Harness.EnvTest.Admission;

namespace Harness.EnvTest.Core;

/// <summary>Settings of an <see cref="ApiServer"/>; every source of time and randomness is injected here.</summary>
public sealed class ApiServerOptions
{
    /// <summary>The clock for timestamps, watch timeouts and bookmarks.</summary>
    public required TimeProvider TimeProvider { get; init; }

    /// <summary>The seed of the random source that draws uids and generated names.</summary>
    /// <value>Default: 0.</value>
    public int Seed { get; init; }

    /// <summary>Starts the server's background work (garbage collector, namespace controller).</summary>
    public required TaskFactory TaskFactory { get; init; }

    /// <summary>How many committed changes the watch history keeps; older revisions answer 410 Gone.</summary>
    /// <value>Default: <see cref="ApiServerConstants.DefaultEventHistoryLimit"/>.</value>
    public int EventHistoryLimit { get; init; } = ApiServerConstants.DefaultEventHistoryLimit;

    /// <summary>How often a watch with <c>allowWatchBookmarks=true</c> gets a BOOKMARK.</summary>
    /// <value>Default: <see cref="ApiServerConstants.DefaultBookmarkInterval"/>.</value>
    public TimeSpan BookmarkInterval { get; init; } = ApiServerConstants.DefaultBookmarkInterval;

    /// <summary>How long a watch without <c>timeoutSeconds</c> stays open.</summary>
    /// <value>Default: <see cref="ApiServerConstants.DefaultWatchTimeout"/>.</value>
    public TimeSpan DefaultWatchTimeout { get; init; } = ApiServerConstants.DefaultWatchTimeout;

    /// <summary>Runs the garbage collector and the namespace controller inside the server, as kube-controller-manager would.</summary>
    /// <value>Default: true, from construction; false leaves them to <see cref="ApiServer.StartControllers"/>.</value>
    public bool RunControllers { get; init; } = true;

    /// <summary>
    /// Builds the client the in-process controllers (garbage collector, namespace controller) call the server through.
    /// In simulation, pass one whose transport runs on the deterministic scheduler.
    /// </summary>
    /// <value>Default: null, meaning <see cref="ApiServer.CreateClient"/>.</value>
    public Func<ApiServer, k8s.Kubernetes>? ControllerClient { get; init; }

    /// <summary>Calls webhooks of stored (Validating|Mutating)WebhookConfigurations whose clientConfig has a url.</summary>
    /// <value>Default: <see cref="HttpWebhookCaller"/> over HTTPS.</value>
    public IWebhookCaller? WebhookCaller { get; init; }
}
