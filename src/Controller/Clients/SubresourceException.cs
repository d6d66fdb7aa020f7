namespace Harness.Controller.Clients;

/// <summary>A VMI subresource call virt-api answered with an error; the message is the Status body's message.</summary>
internal sealed class SubresourceException(string action, int statusCode, string body)
    : Exception($"{action} failed: {ApiErrors.StatusMessage(body)}")
{
    public int StatusCode { get; } = statusCode;
}
