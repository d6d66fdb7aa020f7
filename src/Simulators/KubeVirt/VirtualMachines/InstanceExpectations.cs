using Harness.Api.KubeVirt;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Objects;
using k8s.Models;

namespace Harness.Simulators.KubeVirt.VirtualMachines;

/// <summary>
/// virt-controller's expectations for the VM loop: the VMI it created and its informer cache has not shown
/// yet, or the VMI it deleted that the cache still shows alive. Until the cache catches up, a VM must not be
/// acted on from the cache (it would start a second instance, or report Stopped for the instance it has just
/// started). An expectation lapses after <see cref="Timeout"/>, as virt-controller's do, so that a change the
/// informer never delivered (a relist skips short-lived objects) cannot hold a VM forever.
/// </summary>
internal sealed class InstanceExpectations
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private readonly Dictionary<ObjectKey, Expectation> pending = [];

    public InstanceExpectations(TimeProvider time) => this.time = time;

    /// <summary>Call before creating the VMI at <paramref name="key"/>: the uids the cache shows from now on are noted.</summary>
    public void ExpectCreation(ObjectKey key)
    {
        lock (gate)
        {
            pending[key] = new Expectation(InstanceChange.Creation, null, time.GetUtcNow());
        }
    }

    /// <summary>The create returned <paramref name="uid"/>; the expectation holds until the cache shows it.</summary>
    public void Created(ObjectKey key, string uid)
    {
        lock (gate)
        {
            if (pending.TryGetValue(key, out var expectation) && expectation.Change == InstanceChange.Creation)
            {
                if (expectation.Seen.Contains(uid))
                {
                    pending.Remove(key);
                }
                else
                {
                    expectation.Uid = uid;
                }
            }
        }
    }

    /// <summary>The create failed: there is nothing to wait for.</summary>
    public void CreationFailed(ObjectKey key)
    {
        lock (gate)
        {
            if (pending.TryGetValue(key, out var expectation) && expectation.Change == InstanceChange.Creation)
            {
                pending.Remove(key);
            }
        }
    }

    /// <summary>The VMI <paramref name="uid"/> at <paramref name="key"/> was deleted; the expectation holds while the cache shows it alive.</summary>
    public void ExpectDeletion(ObjectKey key, string uid)
    {
        lock (gate)
        {
            pending[key] = new Expectation(InstanceChange.Deletion, uid, time.GetUtcNow());
        }
    }

    /// <summary>
    /// The VMI informer's handler: <paramref name="vmi"/> is a version the cache holds now (or held last, when it
    /// was deleted). Noting it here covers an instance deleted before the controller looked at the cache again.
    /// </summary>
    public void Observe(VirtualMachineInstance vmi)
    {
        var key = vmi.Key();
        lock (gate)
        {
            if (!pending.TryGetValue(key, out var expectation) || expectation.Change != InstanceChange.Creation)
            {
                return;
            }

            if (expectation.Uid is null)
            {
                expectation.Seen.Add(vmi.UidOrEmpty());
            }
            else if (expectation.Uid == vmi.Uid())
            {
                pending.Remove(key);
            }
        }
    }

    /// <summary>
    /// The change at <paramref name="key"/> the cache does not show yet, given the VMI it holds there
    /// (<paramref name="cached"/>); <see cref="InstanceChange.None"/> once it does, or once the expectation lapsed.
    /// </summary>
    public InstanceChange Awaited(ObjectKey key, VirtualMachineInstance? cached)
    {
        lock (gate)
        {
            if (!pending.TryGetValue(key, out var expectation))
            {
                return InstanceChange.None;
            }

            var shown = expectation.Change == InstanceChange.Creation
                ? expectation.Uid is not null && cached?.Uid() == expectation.Uid
                : cached is null || cached.Uid() != expectation.Uid || cached.IsDeleting();
            if (shown || time.GetUtcNow() - expectation.Since >= Timeout)
            {
                pending.Remove(key);
                return InstanceChange.None;
            }

            return expectation.Change;
        }
    }

    /// <summary>The VM is gone: drops what was expected for it.</summary>
    public void Forget(ObjectKey key)
    {
        lock (gate)
        {
            pending.Remove(key);
        }
    }

    private sealed class Expectation(InstanceChange change, string? uid, DateTimeOffset since)
    {
        public InstanceChange Change { get; } = change;

        /// <summary>The created or deleted VMI; null while its create call is under way.</summary>
        public string? Uid { get; set; } = uid;

        public DateTimeOffset Since { get; } = since;

        /// <summary>The uids the cache showed while the create call was under way.</summary>
        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);
    }
}
