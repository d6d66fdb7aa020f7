using Harness.Api.KubeVirt;
using Harness.Reconciling;

namespace Harness.Controller.Hosting;

/// <summary>
/// Feeds <c>kubevirt_vmsnapshot_freeze_duration_seconds</c>: watches VMIs and records, per VMI, the time from the
/// moment its <c>status.fsFreezeStatus</c> is seen <c>frozen</c> to the moment it is seen cleared (or the VMI gone),
/// on the process's clock; the resolution is the watch's delivery latency.
/// </summary>
internal sealed class FreezeDurationMetric : IControllerRegistration
{
    public string Name => "freeze-duration-metric";

    public void Register(ControllerContext context)
    {
        var instances = context.Host.Inform(InformerSources.Custom<VirtualMachineInstance>(
            context.Client, KubeVirtApi.Group, KubeVirtApi.Version, KubeVirtApi.VirtualMachineInstancePlural));
        var frozenSince = new Dictionary<ObjectKey, long>();
        instances.OnChange(instance =>
        {
            var key = ObjectKey.Of(instance);
            var frozen = instance.Status?.FsFreezeStatus == KubeVirtApi.FsFrozen && instances.Get(key) is not null;
            lock (frozenSince)
            {
                if (frozen)
                {
                    frozenSince.TryAdd(key, context.Time.GetTimestamp());
                }
                else if (frozenSince.Remove(key, out var since))
                {
                    context.Metrics.FreezeDuration.Record(
                        context.Time.GetElapsedTime(since).TotalSeconds, new KeyValuePair<string, object?>("namespace", key.Namespace));
                }
            }
        });
    }
}
