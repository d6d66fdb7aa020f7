using Grpc.Core;

namespace Harness.Simulators.Csi.InProcess;

/// <summary>The server-side view of an in-process call: its method, headers and cancellation.</summary>
internal sealed class InProcessServerCallContext(string method, string? host, CallOptions options) : ServerCallContext
{
    private readonly Metadata responseTrailers = [];

    protected override string MethodCore => method;

    protected override string HostCore => host ?? "in-process";

    protected override string PeerCore => "in-process";

    protected override DateTime DeadlineCore => options.Deadline ?? DateTime.MaxValue;

    protected override Metadata RequestHeadersCore => options.Headers ?? [];

    protected override CancellationToken CancellationTokenCore => options.CancellationToken;

    protected override Metadata ResponseTrailersCore => responseTrailers;

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore { get; } = new(null, []);

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new NotSupportedException("in-process CSI calls do not propagate to child calls");

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
