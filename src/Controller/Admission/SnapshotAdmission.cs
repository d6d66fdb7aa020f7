using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Reconciling;
using k8s;
using k8s.Autorest;

namespace Harness.Controller.Admission;

/// <summary>
/// virt-api's VirtualMachineSnapshot validating webhook (behaviour reference §4.1): the request must be for
/// <c>snapshot.kubevirt.io virtualmachinesnapshots</c>; a CREATE needs the <c>Snapshot</c> feature gate, a source
/// with apiGroup <c>kubevirt.io</c> and kind <c>VirtualMachine</c>; an UPDATE may not change the spec. Whether the
/// VM exists or runs is the controller's business, not admission's.
/// </summary>
public sealed class SnapshotAdmission : IAdmissionReviewer
{
    private readonly AdmissionLookups lookups;

    public SnapshotAdmission(IKubernetes client)
    {
        ArgumentNullException.ThrowIfNull(client);
        lookups = new AdmissionLookups(client);
    }

    public async ValueTask<JsonObject> ReviewAsync(JsonObject admissionReview, CancellationToken cancellationToken)
    {
        var request = AdmissionReviewRequest.Read(admissionReview);
        if (request.Group != SnapshotApi.Group || request.Resource != SnapshotApi.SnapshotPlural)
        {
            return AdmissionAnswer.Error(request, $"unexpected resource {request.ResourceText}");
        }

        try
        {
            if (request.Operation == AdmissionReviewRequest.Create && !await lookups.SnapshotGateEnabledAsync(cancellationToken))
            {
                return AdmissionAnswer.Error(request, "snapshot feature gate not enabled");
            }
        }
        catch (HttpOperationException failed)
        {
            return AdmissionAnswer.Error(request, AdmissionLookups.Message(failed));
        }

        if (!SnapshotObjects.TryDecode<VirtualMachineSnapshot>(request.Object, out var snapshot, out var error))
        {
            return AdmissionAnswer.Error(request, error);
        }

        switch (request.Operation)
        {
            case AdmissionReviewRequest.Create:
                return Source(snapshot.Spec.Source) is { } cause ? AdmissionAnswer.Denied(request, [cause]) : AdmissionAnswer.Allowed(request);
            case AdmissionReviewRequest.Update:
                if (!SnapshotObjects.TryDecode<VirtualMachineSnapshot>(request.OldObject, out var old, out error))
                {
                    return AdmissionAnswer.Error(request, error);
                }

                return SnapshotObjects.SameSpec(old.Spec, snapshot.Spec)
                    ? AdmissionAnswer.Allowed(request)
                    : AdmissionAnswer.Denied(request, [SnapshotObjects.ImmutableSpec]);
            default:
                return AdmissionAnswer.Error(request, $"unexpected operation {request.Operation}");
        }
    }

    private static AdmissionCause? Source(k8s.Models.V1TypedLocalObjectReference source) => source.ApiGroup switch
    {
        null => new AdmissionCause(AdmissionCause.FieldValueNotFound, "missing apiGroup", "spec.source.apiGroup"),
        KubeVirtApi.Group when source.Kind != KubeVirtApi.VirtualMachineKind => AdmissionCause.Invalid("spec.source.kind", "invalid kind"),
        KubeVirtApi.Group => null,
        _ => AdmissionCause.Invalid("spec.source.apiGroup", "invalid apiGroup"),
    };
}
