using Grpc.Core;

namespace Harness.Simulators.Csi.InProcess;

/// <summary>Collects the unary handlers a generated <c>BindService</c> registers, keyed by full method name.</summary>
internal sealed class UnaryHandlerCollector : ServiceBinderBase
{
    public Dictionary<string, Func<object, ServerCallContext, Task<object>>> Handlers { get; } = new(StringComparer.Ordinal);

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
    {
        if (handler is null)
        {
            return;
        }

        Handlers[method.FullName] = async (request, context) => await handler((TRequest)request, context);
    }
}
