using System.Net;
using System.Text;
using Harness.EnvTest.Requests;
using Harness.Runtime.Randomness;
using Harness.Scenarios.Faults.Api;
using Harness.Scenarios.Simulation.Scheduling;
using Harness.Scenarios.Simulation.Transport;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Scenarios.Tests.Faults;

/// <summary>Every request fault reaches KubernetesClient as kube-apiserver 1.32 writes it, and stores only what it should.</summary>
public sealed class ApiRequestFaultTests
{
    private const string Namespace = "default";
    private const string ConflictMessage =
        "Operation cannot be fulfilled on configmaps \"cm-{0}\": the object has been modified; please apply your changes to the latest version and try again";

    private static readonly IReadOnlySet<string> Aggregated = new HashSet<string>(StringComparer.Ordinal) { "subresources.kubevirt.io" };

    [Fact]
    public void Update_EveryRequestFault_RaisesHttpOperationExceptionWithKubesAnswer_AndStoresOnlyAfterTimeoutAfterApplied()
    {
        var seen = new Dictionary<ApiFaultKind, int>();
        var scheduler = new DeterministicScheduler(new SimulationSeed(0xA11));
        scheduler.Run(async () =>
        {
            var server = InProcessKubernetes.CreateServer(scheduler);
            var recorded = new List<string>();
            var faults = new ApiFaults(scheduler.Seed, (component, subject, detail) => recorded.Add(detail));
            faults.Configure(requestChance: 1, watchChance: 0);
            faults.Start();
            var faulty = InProcessKubernetes.CreateClient(scheduler, new FaultyApiHandler(server, faults.For("controller"), scheduler.TimeProvider, Aggregated));
            var clean = InProcessKubernetes.CreateClient(scheduler, server);
            for (var i = 0; i < 40; i++)
            {
                var name = $"cm-{i}";
                var created = await clean.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["v"] = "old" } }, Namespace);
                created.Data["v"] = "new";
                var error = await Assert.ThrowsAsync<HttpOperationException>(() => faulty.CoreV1.ReplaceNamespacedConfigMapAsync(created, name, Namespace));
                var kind = Enum.GetValues<ApiFaultKind>().Single(k => recorded[^1].Contains($"({k})", StringComparison.Ordinal));
                seen[kind] = seen.GetValueOrDefault(kind) + 1;
                var stored = (await clean.CoreV1.ReadNamespacedConfigMapAsync(name, Namespace)).Data["v"];
                Assert.Equal(kind == ApiFaultKind.TimeoutAfterApplied ? "new" : "old", stored);
                AssertAnswer(kind, error, i);
            }
        });

        Assert.Equal(
            [ApiFaultKind.Conflict, ApiFaultKind.TooManyRequests, ApiFaultKind.StorageError, ApiFaultKind.Timeout, ApiFaultKind.TimeoutAfterApplied],
            seen.Keys.Order());
    }

    [Fact]
    public async Task AggregatedApi_Faults_AreTheAggregatorsAnswers_AndNeverConflicts()
    {
        var server = new FixedAnswer(new BufferedApiResponse(200, "application/json", "{}"u8.ToArray()));
        var faults = new ApiFaults(new SimulationSeed(7), (_, _, _) => { });
        faults.Configure(requestChance: 1, watchChance: 0);
        faults.Start();
        var handler = new FaultyApiHandler(server, faults.For("controller"), TimeProvider.System, Aggregated);
        var codes = new SortedSet<int>();
        for (var i = 0; i < 30; i++)
        {
            var response = await handler.HandleAsync(
                new ApiRequest { Method = "PUT", Path = "/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachineinstances/vm/freeze" }, CancellationToken.None);
            codes.Add(response.StatusCode);
            if (response.StatusCode == 503)
            {
                Assert.Equal("service unavailable\n", Encoding.UTF8.GetString(((BufferedApiResponse)response).Body.Span));
                Assert.StartsWith("text/plain", response.ContentType, StringComparison.Ordinal);
            }
        }

        Assert.Equal([429, 503, 504], codes);
    }

    [Fact]
    public void Watches_AreNeverAnsweredWithRequestFaults_AndAQuietPlanChangesNothing()
    {
        var faults = new ApiFaults(new SimulationSeed(9), (_, _, _) => { });
        var injector = faults.For("kubevirt");
        var update = new ApiRequestTarget("PUT", "", "configmaps", "cm", IsWatch: false);

        Assert.Null(injector.ChooseRequestFault(update, aggregated: false));
        faults.Configure(1, 1);
        Assert.Null(injector.ChooseRequestFault(update, aggregated: false));
        faults.Start();
        Assert.Null(injector.ChooseRequestFault(update with { IsWatch = true }, aggregated: false));
        Assert.NotNull(injector.ChooseRequestFault(update, aggregated: false));
        faults.Stop();
        Assert.Null(injector.ChooseRequestFault(update, aggregated: false));
        Assert.Null(injector.ChooseWatchFault());
    }

    private static void AssertAnswer(ApiFaultKind kind, HttpOperationException error, int i)
    {
        var response = error.Response;
        switch (kind)
        {
            case ApiFaultKind.Conflict:
                Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
                var conflict = KubernetesJson.Deserialize<V1Status>(response.Content);
                Assert.Equal(("Failure", "Conflict", 409), (conflict.Status, conflict.Reason, conflict.Code));
                Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, ConflictMessage, i), conflict.Message);
                Assert.Equal(($"cm-{i}", "configmaps"), (conflict.Details.Name, conflict.Details.Kind));
                break;
            case ApiFaultKind.TooManyRequests:
                Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
                Assert.Equal("Too many requests, please try again later.\n", response.Content);
                Assert.Equal(["1"], response.Headers["Retry-After"]);
                break;
            case ApiFaultKind.StorageError:
                Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
                var storage = KubernetesJson.Deserialize<V1Status>(response.Content);
                Assert.Null(storage.Reason);
                Assert.Contains(storage.Message, new[] { "etcdserver: leader changed", "etcdserver: request timed out" });
                Assert.Equal(500, storage.Code);
                break;
            default:
                Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
                var timeout = KubernetesJson.Deserialize<V1Status>(response.Content);
                Assert.Equal(("Timeout", 504), (timeout.Reason, timeout.Code));
                Assert.Equal("Timeout: request did not complete within requested timeout - context deadline exceeded", timeout.Message);
                break;
        }
    }
}
