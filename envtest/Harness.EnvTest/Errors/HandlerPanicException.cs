namespace Harness.EnvTest.Errors;

/// <summary>
/// A request kube-apiserver 1.32 panics on: it recovers, logs the panic and resets the request's stream without answering
/// (the client sees the response end prematurely). The embedded server answers such a request the same way.
/// </summary>
internal sealed class HandlerPanicException(string panic) : Exception(panic);
