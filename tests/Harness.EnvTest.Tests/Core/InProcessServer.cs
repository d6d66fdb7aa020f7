using Harness.EnvTest.Admission;
using Harness.EnvTest.Core;
using k8s;
using Microsoft.Extensions.Time.Testing;

namespace Harness.EnvTest.Tests.Core;

/// <summary>An embedded API server and a KubernetesClient talking to it in-process, for one test.</summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    public InProcessServer(
        bool runControllers = false, int eventHistoryLimit = ApiServerConstants.DefaultEventHistoryLimit, FakeTimeProvider? time = null, IWebhookCaller? webhookCaller = null,
        int seed = 42)
    {
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        Server = new ApiServer(new ApiServerOptions
        {
            TaskFactory = Task.Factory,
            TimeProvider = Time,
            Seed = seed,
            RunControllers = runControllers,
            EventHistoryLimit = eventHistoryLimit,
            WebhookCaller = webhookCaller,
        });
        Client = Server.CreateClient();
    }

    public FakeTimeProvider Time { get; }

    public ApiServer Server { get; }

    public Kubernetes Client { get; }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
