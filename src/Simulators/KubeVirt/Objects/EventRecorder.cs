using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Harness.Simulators.KubeVirt.Objects;

/// <summary>
/// Writes core/v1 Events about objects, as client-go's event recorder does (without aggregation): best
/// effort, a failed write is dropped. Recorders sharing one <c>sequence</c> never reuse an event name.
/// </summary>
internal sealed class EventRecorder
{
    private readonly IKubernetes client;
    private readonly TimeProvider time;
    private readonly string component;
    private readonly StrongBox<long> sequence;

    public EventRecorder(IKubernetes client, TimeProvider time, string component, StrongBox<long> sequence)
    {
        this.client = client;
        this.time = time;
        this.component = component;
        this.sequence = sequence;
    }

    public async Task RecordAsync(CustomResource resource, JsonObject obj, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var number = Interlocked.Increment(ref sequence.Value);
        var name = string.Create(
            CultureInfo.InvariantCulture,
            $"{obj.Name()}.{now.UtcTicks:x}{number:x4}");
        var record = new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = obj.Namespace() },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = resource.ApiVersion,
                Kind = resource.Kind,
                Name = obj.Name(),
                NamespaceProperty = obj.Namespace(),
                Uid = obj.Uid(),
                ResourceVersion = obj.Str("metadata", "resourceVersion"),
            },
            Type = type,
            Reason = reason,
            Message = message,
            Source = new V1EventSource { Component = component },
            FirstTimestamp = now.UtcDateTime,
            LastTimestamp = now.UtcDateTime,
            Count = 1,
            ReportingComponent = component,
        };
        try
        {
            await client.CoreV1.CreateNamespacedEventAsync(record, obj.Namespace(), cancellationToken: cancellationToken);
        }
        catch (k8s.Autorest.HttpOperationException)
        {
        }
    }
}
