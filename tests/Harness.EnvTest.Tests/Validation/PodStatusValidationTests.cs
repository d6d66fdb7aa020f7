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

    private static Task<V1Pod> PatchStatusAsync(ClusterScope cluster, string patch) =>
        cluster.Client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), "p", cluster.Namespace);
}
