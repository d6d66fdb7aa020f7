namespace Harness.EnvTest.Errors;

/// <summary>
/// A failed request, carrying the <c>metav1.Status</c> that kube-apiserver would answer.
/// Thrown inside the core and turned into a response at its edge.
/// </summary>
internal sealed class ApiStatusException : Exception
{
    public ApiStatusException(int code, string reason, string message, StatusDetails? details = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    public int Code { get; }

    public string Reason { get; }

    public StatusDetails? Details { get; }
}
