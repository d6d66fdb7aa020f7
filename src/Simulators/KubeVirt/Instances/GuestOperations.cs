using Harness.Api.KubeVirt;
using Harness.Reconciling;
using Harness.Simulators.GuestAgent;
using Harness.Simulators.KubeVirt.Objects;
using Harness.Simulators.KubeVirt.Watching;

namespace Harness.Simulators.KubeVirt.Instances;

/// <summary>
/// What virt-handler and virt-launcher do for the freeze, unfreeze, pause and unpause subresources:
/// freeze is idempotent (already frozen succeeds) and schedules the safety thaw when the timeout is not
/// zero; unfreeze cancels it and is a no-op when thawed; a failed freeze emits a <c>FreezeError</c>
/// Warning event on the VMI. Each call returns an error message, or null on success, and is reported to
/// <see cref="KubeVirtSimulatorOptions.OnFreezeAnswered"/>, as is an unfreeze virt-api refuses (<see cref="UnfreezeRefused"/>).
/// </summary>
internal sealed class GuestOperations
{
    private readonly InstanceRuntimes runtimes;
    private readonly EventRecorder events;
    private readonly WorkQueue<ObjectKey> instanceQueue;
    private readonly KubeVirtSimulatorOptions options;

    public GuestOperations(InstanceRuntimes runtimes, EventRecorder events, WorkQueue<ObjectKey> instanceQueue, KubeVirtSimulatorOptions options)
    {
        this.runtimes = runtimes;
        this.events = events;
        this.instanceQueue = instanceQueue;
        this.options = options;
    }

    public async Task<string?> FreezeAsync(VirtualMachineInstance vmi, TimeSpan unfreezeTimeout, CancellationToken ct)
    {
        var error = await WithAgentAsync(vmi, async (runtime, client) =>
        {
            if (await client.GetFsFreezeStatusAsync(ct) != FsFreezeStatus.Frozen)
            {
                await client.FreezeAsync(ct);
            }

            runtime.FreezeStatus = FsFreezeStatus.Frozen;
            runtime.ThawTimer?.Dispose();
            runtime.ThawTimer = null;
            if (unfreezeTimeout > TimeSpan.Zero)
            {
                runtime.ThawTimer = options.Runtime.Time.CreateTimer(
                    _ => options.Runtime.Tasks.StartNew(() => AutoThawAsync(vmi.Key(), runtime)),
                    null,
                    unfreezeTimeout,
                    Timeout.InfiniteTimeSpan);
            }
        }, ct);
        error = error is null ? null : $"failed to freeze VMI: {error}";
        Answered(vmi, unfreeze: false, error);
        if (error is not null)
        {
            await events.RecordAsync(CustomResource.VirtualMachineInstances.Reference(vmi), EventRecorder.Warning, "FreezeError", error, ct);
        }

        return error;
    }

    public async Task<string?> UnfreezeAsync(VirtualMachineInstance vmi, CancellationToken ct)
    {
        var error = await WithAgentAsync(vmi, async (runtime, client) =>
        {
            runtime.ThawTimer?.Dispose();
            runtime.ThawTimer = null;
            if (await client.GetFsFreezeStatusAsync(ct) == FsFreezeStatus.Frozen)
            {
                await client.ThawAsync(ct);
            }

            runtime.FreezeStatus = FsFreezeStatus.Thawed;
        }, ct);
        error = error is null ? null : $"failed to unfreeze VMI: {error}";
        Answered(vmi, unfreeze: true, error);
        return error;
    }

    /// <summary>
    /// Reports an unfreeze virt-api answered with an error before it reached virt-handler (it could not read the VMI, or
    /// the VMI is not running): the guest stays as it is, and so does any safety thaw.
    /// </summary>
    public void UnfreezeRefused(ObjectKey key, string error) =>
        options.OnFreezeAnswered?.Invoke(new FreezeAnswer(key, Unfreeze: true, error, runtimes.Find(key)?.ThawTimer is not null));

    /// <summary>Pauses or resumes the domain; the VMI's <c>Paused</c> condition follows on the next status write.</summary>
    public string? SetPaused(VirtualMachineInstance vmi, bool paused)
    {
        var runtime = runtimes.Find(vmi.Key(), vmi.UidOrEmpty());
        if (runtime is null)
        {
            return "the VMI's domain is not running";
        }

        runtime.Paused = paused;
        instanceQueue.Add(vmi.Key());
        return null;
    }

    private void Answered(VirtualMachineInstance vmi, bool unfreeze, string? error) =>
        options.OnFreezeAnswered?.Invoke(new FreezeAnswer(vmi.Key(), unfreeze, error, runtimes.Find(vmi.Key(), vmi.UidOrEmpty())?.ThawTimer is not null));

    private async Task<string?> WithAgentAsync(VirtualMachineInstance vmi, Func<InstanceRuntime, GuestAgentClient, Task> action, CancellationToken ct)
    {
        var runtime = runtimes.Find(vmi.Key(), vmi.UidOrEmpty());
        if (runtime?.Endpoint is null)
        {
            return "guest agent is not connected";
        }

        await runtime.Gate.WaitAsync(ct);
        try
        {
            var client = await runtime.ClientAsync(ct);
            await action(runtime, client);
            return null;
        }
        catch (GuestAgentCommandException e)
        {
            return e.Description;
        }
        catch (GuestAgentUnavailableException e)
        {
            await runtime.DropConnectionAsync();
            return e.Message;
        }
        finally
        {
            runtime.Gate.Release();
            instanceQueue.Add(vmi.Key());
        }
    }

    private async Task AutoThawAsync(ObjectKey key, InstanceRuntime runtime)
    {
        if (runtimes.Find(key, runtime.Uid) is null)
        {
            return;
        }

        await runtime.Gate.WaitAsync();
        try
        {
            runtime.ThawTimer?.Dispose();
            runtime.ThawTimer = null;
            var client = await runtime.ClientAsync(CancellationToken.None);
            await client.ThawAsync();
            runtime.FreezeStatus = FsFreezeStatus.Thawed;
        }
        catch (GuestAgentCommandException)
        {
            // Already thawed, or the thaw failed: the next ping reports the agent's real state.
        }
        catch (GuestAgentUnavailableException)
        {
            await runtime.DropConnectionAsync();
        }
        finally
        {
            runtime.Gate.Release();
            instanceQueue.Add(key);
        }
    }
}
