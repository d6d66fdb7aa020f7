using Harness.EnvTest.Requests;

namespace Harness.Controller.Tests.World;

/// <summary>
/// One controller process's connection to the API server. Severed, it answers nothing more, as for a process that
/// died: requests already at the server land or not, and no new request arrives.
/// </summary>
internal sealed class SeverableConnection(IApiHandler server) : IApiHandler
{
    private readonly TaskCompletionSource<ApiResponse> never = new();

    public bool IsSevered { get; private set; }

    public void Sever() => IsSevered = true;

    public ValueTask<ApiResponse> HandleAsync(ApiRequest request, CancellationToken cancellationToken) =>
        IsSevered ? new ValueTask<ApiResponse>(never.Task) : server.HandleAsync(request, cancellationToken);
}
