using System.Globalization;
using System.Runtime.CompilerServices;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Reconciling;

/// <summary>
/// Writes core/v1 Events about objects, as client-go's event recorder does (without aggregation): best effort, a
/// write the API server refuses is logged and dropped. Recorders made with <see cref="ForComponent"/> share one
/// sequence, so they never reuse an event name.
/// </summary>
public sealed class EventRecorder
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    private readonly IKubernetes client;
    private readonly TimeProvider time;
    private readonly string component;
    private readonly ILogger logger;
    private readonly StrongBox<long> sequence;

    public EventRecorder(IKubernetes client, TimeProvider time, string component, ILogger? logger = null)
        : this(client, time, component, logger ?? NullLogger.Instance, new StrongBox<long>())
    {
    }

    private EventRecorder(IKubernetes client, TimeProvider time, string component, ILogger logger, StrongBox<long> sequence)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentException.ThrowIfNullOrEmpty(component);
        this.client = client;
        this.time = time;
        this.component = component;
        this.logger = logger;
        this.sequence = sequence;
    }

    /// <summary>A recorder reporting as another component, sharing this one's event names.</summary>
    public EventRecorder ForComponent(string otherComponent) => new(client, time, otherComponent, logger, sequence);

    public Task RecordAsync(IKubernetesObject<V1ObjectMeta> involved, string type, string reason, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(involved);
        return RecordAsync(
            new V1ObjectReference
            {
                ApiVersion = involved.ApiVersion,
                Kind = involved.Kind,
                Name = involved.Metadata.Name,
                NamespaceProperty = involved.Metadata.NamespaceProperty,
                Uid = involved.Metadata.Uid,
                ResourceVersion = involved.Metadata.ResourceVersion,
            },
            type,
            reason,
            message,
            cancellationToken);
    }

    public async Task RecordAsync(V1ObjectReference involved, string type, string reason, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(involved);
        var now = time.GetUtcNow();
        var ns = string.IsNullOrEmpty(involved.NamespaceProperty) ? "default" : involved.NamespaceProperty;
        var number = Interlocked.Increment(ref sequence.Value);
        var record = new Corev1Event
        {
            Metadata = new V1ObjectMeta
            {
                Name = string.Create(CultureInfo.InvariantCulture, $"{involved.Name}.{now.UtcTicks:x}{number:x4}"),
                NamespaceProperty = ns,
            },
            InvolvedObject = involved,
            Type = type,
            Reason = reason,
            Message = message,
            Count = 1,
            FirstTimestamp = now.UtcDateTime,
            LastTimestamp = now.UtcDateTime,
            Source = new V1EventSource { Component = component },
            ReportingComponent = component,
        };
        logger.LogInformation("{Type} {Reason} on {Kind} {Namespace}/{Name}: {Message}", type, reason, involved.Kind, ns, involved.Name, message);
        try
        {
            await client.CoreV1.CreateNamespacedEventAsync(record, ns, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e)
        {
            logger.LogWarning("Event {Reason} on {Kind} {Namespace}/{Name} was not recorded: {Status}", reason, involved.Kind, ns, involved.Name, e.Response.StatusCode);
        }
    }
}
