using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Kubernetes;

/// <summary>Writes core/v1 Events about an object, as Kubernetes components report what they did or why they could not.</summary>
internal sealed class EventRecorder(IKubernetes client, string component, TimeProvider time, ILogger logger)
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    private long sequence;

    public async Task RecordAsync(IKubernetesObject<V1ObjectMeta> involved, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var ns = involved.Metadata.NamespaceProperty ?? "default";
        var name = $"{involved.Metadata.Name}.{Interlocked.Increment(ref sequence):x8}{involved.Metadata.Uid?[..Math.Min(8, involved.Metadata.Uid.Length)]}";
        var @event = new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = involved.ApiVersion,
                Kind = involved.Kind,
                Name = involved.Metadata.Name,
                NamespaceProperty = involved.Metadata.NamespaceProperty,
                Uid = involved.Metadata.Uid,
                ResourceVersion = involved.Metadata.ResourceVersion,
            },
            Type = type,
            Reason = reason,
            Message = message,
            Count = 1,
            FirstTimestamp = now,
            LastTimestamp = now,
            Source = new V1EventSource { Component = component },
            ReportingComponent = component,
        };
        logger.LogInformation("{Type} {Reason} on {Kind} {Namespace}/{Name}: {Message}", type, reason, involved.Kind, ns, involved.Metadata.Name, message);
        await client.CoreV1.CreateNamespacedEventAsync(@event, ns, cancellationToken: cancellationToken);
    }
}
