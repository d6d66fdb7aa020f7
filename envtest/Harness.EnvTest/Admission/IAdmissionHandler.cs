namespace Harness.EnvTest.Admission;

/// <summary>Reviews admission requests in-process, with the same contract as an admission webhook.</summary>
public interface IAdmissionHandler
{
    /// <summary>Answers one review. Throwing counts as a webhook call failure (see the failure policy).</summary>
    ValueTask<AdmissionResponse> ReviewAsync(AdmissionRequest request, CancellationToken cancellationToken);
}
