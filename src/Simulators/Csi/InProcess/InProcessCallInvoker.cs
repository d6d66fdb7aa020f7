using Grpc.Core;

namespace Harness.Simulators.Csi.InProcess;

/// <summary>
/// A <see cref="CallInvoker"/> that hands each unary call to the service implementation directly, so
/// the generated CSI clients work without a socket. Messages still pass through their protobuf
/// marshallers (client and server never share an object), and errors surface as
/// <see cref="RpcException"/> with the status the server set, as over the wire. The handler runs on
/// the caller's scheduler: no thread is started.
/// </summary>
internal sealed class InProcessCallInvoker(IReadOnlyDictionary<string, Func<object, ServerCallContext, Task<object>>> handlers) : CallInvoker
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var response = InvokeAsync(method, host, options, request);
        return new AsyncUnaryCall<TResponse>(
            response,
            Task.FromResult(new Metadata()),
            () => StatusOf(response),
            () => [],
            () => { });
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException($"{method.FullName}: blocking calls would block the simulation's scheduler; use the Async client method");

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException($"{method.FullName}: CSI has no streaming calls");

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException($"{method.FullName}: CSI has no streaming calls");

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException($"{method.FullName}: CSI has no streaming calls");

    private async Task<TResponse> InvokeAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        where TRequest : class
        where TResponse : class
    {
        if (!handlers.TryGetValue(method.FullName, out var handler))
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, $"Method is unimplemented: {method.FullName}"));
        }

        options.CancellationToken.ThrowIfCancellationRequested();
        var serverRequest = WireCopy.Of(method.RequestMarshaller, request);
        object serverResponse;
        try
        {
            serverResponse = await handler(serverRequest, new InProcessServerCallContext(method.FullName, host, options));
        }
        catch (RpcException)
        {
            throw;
        }
        catch (OperationCanceledException) when (options.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client."));
        }
        catch (Exception e)
        {
            throw new RpcException(new Status(StatusCode.Unknown, $"Exception was thrown by handler. {e.GetType().Name}: {e.Message}", e));
        }

        return WireCopy.Of(method.ResponseMarshaller, (TResponse)serverResponse);
    }

    private static Status StatusOf(Task task) => task.Status switch
    {
        TaskStatus.RanToCompletion => Status.DefaultSuccess,
        TaskStatus.Faulted when task.Exception?.InnerException is RpcException e => e.Status,
        TaskStatus.Canceled => new Status(StatusCode.Cancelled, "Call canceled by the client."),
        _ => throw new InvalidOperationException("the call has not completed"),
    };
}
