namespace Harness.Simulators.Tests.Csi;

/// <summary>One real driver process shared by a test class (names are unique per test, as in csi-sanity).</summary>
public sealed class DriverProcessFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory directory = new();
    private DriverProcess? process;
    private Grpc.Net.Client.GrpcChannel? channel;

    internal CsiClients Clients => new(channel!.CreateCallInvoker());

    internal string Directory => directory.Path;

    public async Task InitializeAsync()
    {
        process = await DriverProcess.StartAsync(directory.Combine("csi.sock"), "--driver-name", "csi.test.harness", "--node-id", "node-a");
        channel = process.CreateChannel();
    }

    public async Task DisposeAsync()
    {
        channel?.Dispose();
        if (process is not null)
        {
            await process.DisposeAsync();
        }

        directory.Dispose();
    }
}
