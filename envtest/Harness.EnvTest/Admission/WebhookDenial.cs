using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Admission;

/// <summary>Turns an admission denial or call failure into kube's error.</summary>
internal static class WebhookDenial
{
    public static ApiStatusException Denied(string webhook, AdmissionStatus? status)
    {
        var deniedBy = $"admission webhook \"{webhook}\" denied the request";
        var code = status is null || status.Code < 400 ? 400 : status.Code;
        var message = !string.IsNullOrEmpty(status?.Message) ? $"{deniedBy}: {status.Message}"
            : !string.IsNullOrEmpty(status?.Reason) ? $"{deniedBy}: {status.Reason}"
            : $"{deniedBy} without explanation";
        return new ApiStatusException(code, status?.Reason ?? string.Empty, message, Details(status?.Details));
    }

    private static StatusDetails? Details(AdmissionStatusDetails? details) => details is null
        ? null
        : new StatusDetails(
            details.Name,
            details.Group,
            details.Kind,
            details.Causes?.Select(cause => new StatusCause(cause.Reason ?? string.Empty, cause.Message ?? string.Empty, cause.Field)).ToList());

    public static ApiStatusException CallFailed(string webhook, Exception error) =>
        ApiErrors.Internal($"failed calling webhook \"{webhook}\": {error.Message}");
}
