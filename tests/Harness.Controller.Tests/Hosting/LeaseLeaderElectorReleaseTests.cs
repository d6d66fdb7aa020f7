using Harness.Controller.Hosting;
using Harness.EnvTest.Environment;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Controller.Tests.Hosting;

/// <summary>The Lease is released on a clean stop even when the last renewal's write landed but its answer was lost.</summary>
public sealed class LeaseLeaderElectorReleaseTests
{
    [Fact]
    public async Task Release_AfterARenewalWhoseAnswerWasLost_ReadsTheLeaseAgainAndReleasesIt()
    {
        await using var environment = new TestEnvironment(new TestEnvironmentOptions
        {
            TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, EnvironmentVariable = _ => null,
        });
        await environment.StartAsync();
        using var stop = new CancellationTokenSource();
        using var losing = new AnswerLosingHandler(stop);
        using var client = new Kubernetes(environment.Configuration, losing);
        var options = new LeaderElectionOptions { Identity = "replica-a", Namespace = "default", RetryPeriod = TimeSpan.FromMilliseconds(100) };
        var elector = new LeaseLeaderElector(client, options, TimeProvider.System, new Random(1), NullLogger.Instance);
        var leading = new TaskCompletionSource();

        var run = elector.RunAsync(
            async token =>
            {
                leading.TrySetResult();
                await Task.Delay(Timeout.Infinite, token);
            },
            stop.Token);
        await leading.Task.WaitAsync(TimeSpan.FromSeconds(30));
        losing.LoseNextLeaseWrite = true;

        Assert.True(await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(losing.Lost);
        var lease = await environment.Client.CoordinationV1.ReadNamespacedLeaseAsync(options.Name, options.Namespace);
        Assert.Equal((string.Empty, 1), (lease.Spec.HolderIdentity ?? string.Empty, lease.Spec.LeaseDurationSeconds));
    }

    /// <summary>Lets the next Lease write reach the API server, then stops the run and loses the answer, as a cancelled renewal does.</summary>
    private sealed class AnswerLosingHandler(CancellationTokenSource stop) : DelegatingHandler
    {
        public volatile bool LoseNextLeaseWrite;

        public bool Lost { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!LoseNextLeaseWrite || request.Method != HttpMethod.Put || !request.RequestUri!.AbsolutePath.Contains("/leases/", StringComparison.Ordinal))
            {
                return await base.SendAsync(request, cancellationToken);
            }

            LoseNextLeaseWrite = false;
            using var landed = await base.SendAsync(request, CancellationToken.None);
            landed.EnsureSuccessStatusCode();
            Lost = true;
            await stop.CancelAsync();
            throw new OperationCanceledException(stop.Token);
        }
    }
}
