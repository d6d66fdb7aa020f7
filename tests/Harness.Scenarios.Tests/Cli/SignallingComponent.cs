using Harness.EnvTest.Environment;
using Harness.Scenarios.Cli;
using k8s;
using Microsoft.Extensions.Hosting;

namespace Harness.Scenarios.Tests.Cli;

/// <summary>A component for <c>harness up</c> that lists namespaces when it starts, records its stop and explains itself in one line.</summary>
internal sealed class SignallingComponent(TestEnvironment environment) : IHostedService, IExplainedComponent
{
    public TaskCompletionSource<IReadOnlyList<string>> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Stopped { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var namespaces = await environment.Client.CoreV1.ListNamespaceAsync(cancellationToken: cancellationToken);
        Started.SetResult(namespaces.Items.Select(item => item.Metadata.Name).ToList());
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Stopped = true;
        return Task.CompletedTask;
    }

    public IReadOnlyList<UpSummaryLine> Explain() => [new("Signalling", "a test component")];
}
