using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Harness.Controller.Hosting;

/// <summary>
/// Leader election on a <c>coordination.k8s.io/v1</c> Lease with client-go's semantics. A candidate takes the Lease
/// when it does not exist, has no holder, or has not been seen to change for its <c>leaseDurationSeconds</c> on this
/// replica's own clock (remote clocks are never compared); every write is conditional on the resourceVersion read,
/// so two candidates never both succeed. The leader renews <c>renewTime</c> every retry period and gives leadership
/// up when it cannot renew within the renew deadline; on a clean stop it releases the Lease (empty holder, duration
/// 1 s) so that another replica takes over at once. Time comes from the injected <see cref="TimeProvider"/>, the
/// acquisition jitter from the injected <see cref="Random"/>.
/// </summary>
public sealed class LeaseLeaderElector
{
    private const double JitterFactor = 1.2;

    private readonly IKubernetes client;
    private readonly LeaderElectionOptions options;
    private readonly TimeProvider time;
    private readonly Random random;
    private readonly ILogger logger;
    private V1Lease? observed;
    private DateTimeOffset observedAt;

    public LeaseLeaderElector(IKubernetes client, LeaderElectionOptions options, TimeProvider time, Random random, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        this.client = client;
        this.options = options;
        this.time = time;
        this.random = random;
        this.logger = logger;
    }

    /// <summary>The holder this replica last saw, or null.</summary>
    public string? Leader => observed?.Spec?.HolderIdentity is { Length: > 0 } holder ? holder : null;

    /// <summary>Whether this replica held the Lease at its last successful write.</summary>
    public bool IsLeader => Leader == options.Identity;

    /// <summary>
    /// Campaigns until this replica leads, then runs <paramref name="lead"/> while it holds the Lease. Returns true when
    /// <paramref name="cancellationToken"/> ended it (the Lease is released), false when leadership was lost (the lead's
    /// token is cancelled first). An exception of <paramref name="lead"/> releases the Lease and propagates.
    /// </summary>
    public async Task<bool> RunAsync(Func<CancellationToken, Task> lead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lead);
        if (!await AcquireAsync(cancellationToken))
        {
            return true;
        }

        logger.LogInformation("Acquired lease {Namespace}/{Name} as {Identity}", options.Namespace, options.Name, options.Identity);
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewing = RenewAsync(leading.Token);
        var work = lead(leading.Token);
        await Task.WhenAny(renewing, work);
        leading.Cancel();
        var lost = await renewing;
        try
        {
            await work;
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
        }
        finally
        {
            if (lost)
            {
                logger.LogError("Lost lease {Namespace}/{Name}: not renewed within {RenewDeadline}", options.Namespace, options.Name, options.RenewDeadline);
            }
            else
            {
                await ReleaseAsync();
            }
        }

        return !lost;
    }

    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await TryAcquireOrRenewAsync(cancellationToken))
            {
                return true;
            }

            var wait = options.RetryPeriod * (1 + (random.NextDouble() * JitterFactor));
            if (!await DelayAsync(wait, cancellationToken))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Renews until cancelled (returns false) or until a renewal does not succeed within the renew deadline (returns true: lost).</summary>
    private async Task<bool> RenewAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!await DelayAsync(options.RetryPeriod, cancellationToken))
            {
                return false;
            }

            var deadline = time.GetUtcNow() + options.RenewDeadline;
            while (!await TryAcquireOrRenewAsync(cancellationToken))
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return false;
                }

                if (time.GetUtcNow() + options.RetryPeriod > deadline || !await DelayAsync(options.RetryPeriod, cancellationToken))
                {
                    return !cancellationToken.IsCancellationRequested;
                }
            }
        }
    }

    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            V1Lease current;
            try
            {
                current = await client.CoordinationV1.ReadNamespacedLeaseAsync(options.Name, options.Namespace, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException missing) when (missing.Response.StatusCode == HttpStatusCode.NotFound)
            {
                var created = await client.CoordinationV1.CreateNamespacedLeaseAsync(
                    NewLease(new V1LeaseSpec(), now, taken: true, transitions: 0), options.Namespace, cancellationToken: cancellationToken);
                Observe(created, now);
                return true;
            }

            Observe(current, now);
            var spec = current.Spec ?? new V1LeaseSpec();
            var holder = spec.HolderIdentity;
            var duration = TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? 0);
            if (!string.IsNullOrEmpty(holder) && holder != options.Identity && observedAt + duration > now)
            {
                return false;
            }

            var taken = holder != options.Identity;
            var renewed = NewLease(spec, now, taken, taken ? (spec.LeaseTransitions ?? 0) + 1 : spec.LeaseTransitions);
            renewed.Metadata.ResourceVersion = current.Metadata.ResourceVersion;
            Observe(await client.CoordinationV1.ReplaceNamespacedLeaseAsync(renewed, options.Name, options.Namespace, cancellationToken: cancellationToken), now);
            return true;
        }
        catch (HttpOperationException conflict) when (conflict.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
        catch (Exception failed) when (failed is HttpOperationException or HttpRequestException or IOException
            || (failed is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning("Could not read or write lease {Namespace}/{Name}: {Error}", options.Namespace, options.Name, failed.Message);
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private V1Lease NewLease(V1LeaseSpec previous, DateTimeOffset now, bool taken, int? transitions) => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new V1ObjectMeta { Name = options.Name, NamespaceProperty = options.Namespace },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = options.Identity,
            LeaseDurationSeconds = (int)Math.Ceiling(options.LeaseDuration.TotalSeconds),
            AcquireTime = taken ? now.UtcDateTime : previous.AcquireTime,
            RenewTime = now.UtcDateTime,
            LeaseTransitions = transitions,
        },
    };

    private void Observe(V1Lease lease, DateTimeOffset now)
    {
        var before = Leader;
        if (observed?.Metadata?.ResourceVersion != lease.Metadata?.ResourceVersion)
        {
            observed = lease;
            observedAt = now;
        }

        if (Leader is { } leader && leader != before && leader != options.Identity)
        {
            logger.LogInformation("Lease {Namespace}/{Name} is held by {Leader}", options.Namespace, options.Name, leader);
        }
    }

    /// <summary>
    /// Gives the Lease up as client-go's ReleaseOnCancel does: no holder, a 1 s duration, the transitions kept. Bounded by
    /// the renew deadline (client-go waits on the request alone), past which the lease would soon lapse anyway. A renewal
    /// cancelled after its write landed leaves the observed resourceVersion stale: on that conflict the Lease is read
    /// again and released when this replica still holds it (client-go gives up there and the Lease runs out its duration).
    /// </summary>
    private async Task ReleaseAsync()
    {
        if (!IsLeader || observed is not { } lease)
        {
            return;
        }

        using var bounded = new CancellationTokenSource(options.RenewDeadline, time);
        try
        {
            try
            {
                await ReplaceWithReleasedAsync(lease, bounded.Token);
            }
            catch (HttpOperationException conflict) when (conflict.Response.StatusCode == HttpStatusCode.Conflict)
            {
                var current = await client.CoordinationV1.ReadNamespacedLeaseAsync(options.Name, options.Namespace, cancellationToken: bounded.Token);
                if (current.Spec?.HolderIdentity != options.Identity)
                {
                    logger.LogInformation("Lease {Namespace}/{Name} is no longer held by {Identity}: nothing to release", options.Namespace, options.Name, options.Identity);
                    return;
                }

                await ReplaceWithReleasedAsync(current, bounded.Token);
            }

            observed = null;
            logger.LogInformation("Released lease {Namespace}/{Name}", options.Namespace, options.Name);
        }
        catch (Exception failed) when (failed is HttpOperationException or HttpRequestException or IOException or OperationCanceledException)
        {
            logger.LogWarning("Could not release lease {Namespace}/{Name}: {Error}", options.Namespace, options.Name, failed.Message);
        }
    }

    private Task<V1Lease> ReplaceWithReleasedAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return client.CoordinationV1.ReplaceNamespacedLeaseAsync(
            new V1Lease
            {
                ApiVersion = "coordination.k8s.io/v1",
                Kind = "Lease",
                Metadata = new V1ObjectMeta { Name = options.Name, NamespaceProperty = options.Namespace, ResourceVersion = lease.Metadata.ResourceVersion },
                Spec = new V1LeaseSpec
                {
                    HolderIdentity = "",
                    LeaseDurationSeconds = 1,
                    AcquireTime = now,
                    RenewTime = now,
                    LeaseTransitions = lease.Spec?.LeaseTransitions,
                },
            },
            options.Name,
            options.Namespace,
            cancellationToken: cancellationToken);
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
