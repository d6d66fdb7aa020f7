using Harness.EnvTest.Tests.Backends;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Validation;

/// <summary>kube-apiserver's pod status strategy and <c>ValidatePodStatusUpdate</c>, as both backends answer a <c>/status</c> write.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PodStatusValidationTests(ClusterFixture clusters)
{
    /// <summary>Labels and annotations go through, a missing qosClass is put back; a changed one, bad condition types and IPs and a revived container are refused.</summary>
    [SkippableTheory, Backends]
    public async Task PatchStatus_KeepsMetadataChangesAndRefusesWhatKubeRefuses(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p", Labels = new Dictionary<string, string> { ["a"] = "b" } },
            Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "c", Image = "x" }] },
        };
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace);

        var patched = await PatchStatusAsync(
            cluster,
            """{"metadata":{"labels":{"a":"c"},"annotations":{"n":"1"}},"status":{"qosClass":null,"phase":"Failed","containerStatuses":[{"name":"c","image":"x","imageID":"","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":1}}}]}}""");
        await ValidationAssert.InvalidAsync(
            () => PatchStatusAsync(cluster, """{"status":{"qosClass":"Guaranteed"}}"""),
            "status.qosClass: Invalid value: \"Guaranteed\": field is immutable");
        await ValidationAssert.InvalidAsync(
            () => PatchStatusAsync(
                cluster,
                """{"metadata":{"annotations":{"kubernetes.io/config.mirror":"x"}},"status":{"conditions":[{"type":"bad type!","status":"True"}],"podIPs":[{"ip":"1.2.3"}],"containerStatuses":[{"name":"c","image":"x","imageID":"","ready":true,"restartCount":1,"state":{"running":{}}}]}}"""),
            "metadata.annotations[kubernetes.io/config.mirror]: Forbidden: may not add mirror pod annotation",
            "metadata.annotations[kubernetes.io/config.mirror]: Invalid value: \"x\": must set spec.nodeName if mirror pod annotation is set",
            "metadata.conditions[0].Type: Invalid value: \"bad type!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            "status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state",
            "status.podIPs[0]: Invalid value: \"1.2.3\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");

        Assert.Equal(("c", "1", "BestEffort", "Failed"), (patched.Metadata.Labels["a"], patched.Metadata.Annotations["n"], patched.Status.QosClass, patched.Status.Phase));
    }

    /// <summary>
    /// Several pod or host IPs must be one of each family (an IPv4-mapped IPv6 address counts as IPv4), none twice; a
    /// <c>podIP</c> that is not <c>podIPs[0]</c> replaces the list, and the list's first IP is written back as <c>podIP</c>.
    /// </summary>
    [SkippableTheory, Backends]
    public async Task PatchStatus_PodAndHostIps_CheckedAndConvertedAsKubeDoes(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod { Metadata = new V1ObjectMeta { Name = "p" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "x" }] } }, cluster.Namespace);

        const string Ip = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
        const string Family = "may specify no more than one IP for each IP family";
        await ValidationAssert.InvalidAsync(
            () => PatchStatusAsync(cluster, """{"status":{"podIPs":[{"ip":"10.0.0.1"},{"ip":"z"},{"ip":"10.0.0.1"}],"hostIP":"1.2.3.4","hostIPs":[{"ip":"1.2.3.4"},{"ip":"x"},{"ip":"1.2.3.4"}]}}"""),
            $"status.podIPs[1]: Invalid value: \"z\": {Ip}",
            "status.podIPs: Internal error: failed to check for dual stack with error:invalid IP[1]: z",
            $"status.podIPs: Invalid value: []core.PodIP{{core.PodIP{{IP:\"10.0.0.1\"}}, core.PodIP{{IP:\"z\"}}, core.PodIP{{IP:\"10.0.0.1\"}}}}: {Family}",
            "status.podIPs[2]: Duplicate value: core.PodIP{IP:\"10.0.0.1\"}",
            $"status.hostIPs[1]: Invalid value: \"x\": {Ip}",
            "status.hostIPs[2]: Duplicate value: core.HostIP{IP:\"1.2.3.4\"}",
            "status.hostIPs: Internal error: failed to check for dual stack with error:invalid IP[1]: x",
            $"status.hostIPs: Invalid value: []core.HostIP{{core.HostIP{{IP:\"1.2.3.4\"}}, core.HostIP{{IP:\"x\"}}, core.HostIP{{IP:\"1.2.3.4\"}}}}: {Family}");
        await ValidationAssert.InvalidAsync(
            () => PatchStatusAsync(cluster, """{"status":{"hostIP":"1.2.3.4","hostIPs":[{"ip":"1.2.3.4"},{"ip":"::ffff:1.2.3.5"}]}}"""),
            $"status.hostIPs: Invalid value: []core.HostIP{{core.HostIP{{IP:\"1.2.3.4\"}}, core.HostIP{{IP:\"::ffff:1.2.3.5\"}}}}: {Family}");

        var replaced = await PatchStatusAsync(cluster, """{"status":{"podIP":"10.0.0.7","podIPs":[{"ip":"fd00::1"},{"ip":"10.0.0.1"}],"hostIP":"1.2.3.4","hostIPs":[{"ip":"1.2.3.4"},{"ip":"fd00::9"}]}}""");
        var firstWrittenBack = await PatchStatusAsync(cluster, """{"status":{"podIP":null,"podIPs":[{"ip":"fd00::1"},{"ip":"10.0.0.1"}]}}""");

        Assert.Equal(("10.0.0.7", "10.0.0.7", 2), (replaced.Status.PodIP, string.Join(",", replaced.Status.PodIPs.Select(ip => ip.Ip)), replaced.Status.HostIPs.Count));
        Assert.Equal(("fd00::1", 2), (firstWrittenBack.Status.PodIP, firstWrittenBack.Status.PodIPs.Count));
    }

    private static Task<V1Pod> PatchStatusAsync(ClusterScope cluster, string patch) =>
        cluster.Client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), "p", cluster.Namespace);
}
