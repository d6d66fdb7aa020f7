namespace Harness.EnvTest.Requests;

/// <summary>
/// No answer: the request's stream is reset, as kube-apiserver resets it when a handler panics. <see cref="ApiResponse.StatusCode"/>
/// is 500 for in-process callers that only look at it; over HTTP nothing is sent.
/// </summary>
public sealed class AbortedApiResponse() : ApiResponse(500, string.Empty);
