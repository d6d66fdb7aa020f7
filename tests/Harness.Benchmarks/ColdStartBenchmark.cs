using System.Diagnostics;
using Harness.EnvTest.Environment;

namespace Harness.Benchmarks;

/// <summary>Embedded server from nothing to <c>/readyz</c> = ok with every harness CRD installed and Established.</summary>
internal static class ColdStartBenchmark
{
    public static async Task RunAsync()
    {
        var first = await StartOnceAsync();
        var warm = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            warm.Add(await StartOnceAsync());
        }

        warm.Sort();
        Report.Line("cold start, first in process (incl. JIT)", first, "ms", "< 300 ms", first < 300);
        Report.Line("cold start, median of 10 further starts", warm[warm.Count / 2], "ms", "< 300 ms", warm[warm.Count / 2] < 300);
    }

    private static async Task<double> StartOnceAsync()
    {
        var clock = Stopwatch.StartNew();
        await using var environment = new TestEnvironment(new TestEnvironmentOptions
        {
            Backend = new EmbeddedApiServerBackend(new EmbeddedApiServerBackendOptions { Random = new Random(1) }),
        });
        await environment.StartAsync();
        using var probe = new HttpRequestMessage(HttpMethod.Get, new Uri(environment.Configuration.Host.TrimEnd('/') + "/readyz"));
        probe.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", environment.Configuration.AccessToken);
        using var response = await ((k8s.Kubernetes)environment.Client).HttpClient.SendAsync(probe);
        var ready = await response.Content.ReadAsStringAsync();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (ready != "ok")
        {
            throw new InvalidOperationException($"/readyz answered '{ready}'");
        }

        return elapsed;
    }
}
