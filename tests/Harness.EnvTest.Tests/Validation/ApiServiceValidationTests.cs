using System.Text.Json.Nodes;
using Harness.EnvTest.Patching.MergePatch;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Schema;

namespace Harness.EnvTest.Tests.Validation;

/// <summary>
/// kube-aggregator's APIService validation, on both backends: each case merge-patches a valid APIService
/// (<c>v1.{group}</c>, a service <c>ns/svc</c>) and expects kube's 422 causes, with nothing stored.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ApiServiceValidationTests(ClusterFixture clusters)
{
    private const string Collection = "/apis/apiregistration.k8s.io/v1/apiservices";

    private const string Subdomain = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string Dns1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    [SkippableTheory]
    [BackendsData("""{"metadata":{"name":"v2.{group}"}}""", "metadata.name: Invalid value: \"v2.{group}\": must be `spec.version+\".\"+spec.group`: \"v1.{group}\"")]
    [BackendsData("""{"metadata":{"name":"v2."},"spec":{"group":"","version":"v2"}}""", "spec.group: Required value: only v1 may have an empty group and it better be legacy kube")]
    [BackendsData("""{"metadata":{"name":"v1.Bad_{group}"},"spec":{"group":"Bad_{group}"}}""", "spec.group: Invalid value: \"Bad_{group}\": " + Subdomain)]
    [BackendsData("""{"metadata":{"name":"V1.{group}"},"spec":{"version":"V1"}}""", "spec.version: Invalid value: \"V1\": " + Dns1035)]
    [BackendsData("""{"spec":{"groupPriorityMinimum":0,"versionPriority":1001}}""", "spec.groupPriorityMinimum: Invalid value: 0: must be positive and less than 20000|spec.versionPriority: Invalid value: 1001: must be positive and less than 1000")]
    [BackendsData("""{"spec":{"groupPriorityMinimum":20001,"versionPriority":-1}}""", "spec.groupPriorityMinimum: Invalid value: 20001: must be positive and less than 20000|spec.versionPriority: Invalid value: -1: must be positive and less than 1000")]
    [BackendsData("""{"spec":{"service":null,"caBundle":"YWJj","insecureSkipTLSVerify":true}}""", "spec.caBundle: Invalid value: \"3 bytes\": local APIServices may not have a caBundle|spec.insecureSkipTLSVerify: Invalid value: true: local APIServices may not have insecureSkipTLSVerify")]
    [BackendsData("""{"spec":{"service":{"namespace":"","name":""}}}""", "spec.service.namespace: Required value|spec.service.name: Required value")]
    [BackendsData("""{"spec":{"caBundle":"YWJjZA==","insecureSkipTLSVerify":true}}""", "spec.insecureSkipTLSVerify: Invalid value: true: may not be true if caBundle is present")]
    public async Task Create_InvalidApiService_Answers422WithKubesCausesAndStoresNothing(Backend backend, string patch, string causes)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var group = cluster.Namespace + ".example.com";
        var apiService = ApiService(group, patch);
        var name = (string)apiService["metadata"]!["name"]!;

        var response = await cluster.SendAsync(HttpMethod.Post, Collection, apiService.ToJsonString());

        if (response.Code == 201)
        {
            await cluster.SendAsync(HttpMethod.Delete, $"{Collection}/{name}");
        }

        RawStatus.Invalid(response, causes.Replace("{group}", group, StringComparison.Ordinal).Split('|'));
        Assert.Equal(404, (await cluster.GetAsync($"{Collection}/{name}")).Code);
    }

    [SkippableTheory, Backends]
    public async Task Create_ServiceWithoutPort_IsStoredWithPort443(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var apiService = ApiService(cluster.Namespace + ".example.com", "{}");

        var (code, body) = await cluster.SendAsync(HttpMethod.Post, Collection, apiService.ToJsonString());

        Assert.True(code == 201, body);
        Assert.Equal(443, (int)JsonNode.Parse(body)!["spec"]!["service"]!["port"]!);
        await cluster.SendAsync(HttpMethod.Delete, $"{Collection}/{apiService["metadata"]!["name"]}");
    }

    private static JsonObject ApiService(string group, string patch)
    {
        var apiService = JsonNode.Parse("""
            {"apiVersion":"apiregistration.k8s.io/v1","kind":"APIService","metadata":{"name":"v1.{group}"},
             "spec":{"group":"{group}","version":"v1","groupPriorityMinimum":1000,"versionPriority":15,"service":{"namespace":"ns","name":"svc"}}}
            """.Replace("{group}", group, StringComparison.Ordinal));
        return JsonMergePatch.Merge(apiService, JsonNode.Parse(patch.Replace("{group}", group, StringComparison.Ordinal)))!.AsObject();
    }
}
