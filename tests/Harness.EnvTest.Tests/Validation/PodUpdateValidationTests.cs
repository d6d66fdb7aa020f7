using System.Net;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Validation;

/// <summary>kube-apiserver's <c>ValidatePodUpdate</c>: which parts of a pod's spec an update may change, as both backends answer it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PodUpdateValidationTests(ClusterFixture clusters)
{
    private const string Unchangeable = "Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,"
        + "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
        + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    /// <summary>Also: a negative grace period is stored as 1 (kube's v1-to-internal conversion).</summary>
    [SkippableTheory, Backends]
    public async Task Patch_ActiveDeadlineSeconds_MaySetOrLowerOnly(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await CreateAsync(cluster, new V1PodSpec { TerminationGracePeriodSeconds = -5 });

        await PatchAsync(cluster, """{"spec":{"activeDeadlineSeconds":10}}""");
        await PatchAsync(cluster, """{"spec":{"activeDeadlineSeconds":5}}""");
        await ValidationAssert.InvalidAsync(
            () => PatchAsync(cluster, """{"spec":{"activeDeadlineSeconds":20,"restartPolicy":"Never"}}"""),
            "spec.activeDeadlineSeconds: Invalid value: 20: must be less than or equal to previous value");
        await ValidationAssert.InvalidAsync(
            () => PatchAsync(cluster, """{"spec":{"activeDeadlineSeconds":null}}"""),
            "spec.activeDeadlineSeconds: Invalid value: \"null\": must not update from a positive integer to nil value");
        await ValidationAssert.InvalidAsync(
            () => PatchAsync(cluster, """{"spec":{"activeDeadlineSeconds":-1}}"""),
            "spec.activeDeadlineSeconds: Invalid value: -1: must be between 1 and 2147483647, inclusive",
            "spec.activeDeadlineSeconds: Invalid value: -1: must be between 0 and 2147483647, inclusive");

        var spec = (await cluster.Client.CoreV1.ReadNamespacedPodAsync("p", cluster.Namespace)).Spec;
        Assert.Equal((5L, 1L), (spec.ActiveDeadlineSeconds, spec.TerminationGracePeriodSeconds));
    }

    /// <summary>Existing tolerations stay (their seconds may change; DefaultTolerationSeconds puts its own back), new ones are validated (twice, as kube does); gates only go; a gated pod is created with its PodScheduled condition False.</summary>
    [SkippableTheory, Backends]
    public async Task Patch_TolerationsAndSchedulingGates_MayOnlyBeAddedAndRemovedRespectively(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var created = await CreateAsync(cluster, new V1PodSpec
        {
            Tolerations = [new V1Toleration { Key = "k", Value = "v", Effect = "NoExecute", TolerationSeconds = 5 }],
            SchedulingGates = [new V1PodSchedulingGate { Name = "g1" }, new V1PodSchedulingGate { Name = "g2" }],
        });

        await PatchAsync(cluster, """[{"op":"replace","path":"/spec/tolerations","value":[{"key":"k","value":"v","effect":"NoExecute","tolerationSeconds":9},{"key":"z","operator":"Exists"}]}]""", V1Patch.PatchType.JsonPatch);
        string[] bad =
        [
            "spec.tolerations[4].key: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            "spec.tolerations[4].effect: Invalid value: \"Sometimes\": effect must be 'NoExecute' when `tolerationSeconds` is set",
            "spec.tolerations[4].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'",
            "spec.tolerations[4].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"",
        ];
        await ValidationAssert.InvalidAsync(
            () => PatchAsync(cluster, """[{"op":"add","path":"/spec/tolerations/-","value":{"key":"bad key","operator":"Exists","value":"v","effect":"Sometimes","tolerationSeconds":3}}]""", V1Patch.PatchType.JsonPatch),
            [.. bad, .. bad]);
        await ValidationAssert.InvalidAsync(
            () => PatchAsync(cluster, """[{"op":"replace","path":"/spec/tolerations/0/value","value":"w"}]""", V1Patch.PatchType.JsonPatch),
            "spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds");
        await PatchAsync(cluster, """{"spec":{"schedulingGates":[{"name":"g2"}]}}""");
        await ValidationAssert.InvalidAsync(
            () => PatchAsync(cluster, """{"spec":{"schedulingGates":[{"name":"g2"},{"name":"g3"}]}}"""),
            "spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new scheduling gate 'g3'");

        var spec = (await cluster.Client.CoreV1.ReadNamespacedPodAsync("p", cluster.Namespace)).Spec;
        Assert.Equal(["k=v:9", "z=:", "node.kubernetes.io/not-ready=:300", "node.kubernetes.io/unreachable=:300"], spec.Tolerations.Select(t => $"{t.Key}={t.Value}:{t.TolerationSeconds}"));
        Assert.Equal(["g2"], spec.SchedulingGates.Select(g => g.Name));
        var gated = Assert.Single(created.Status.Conditions);
        Assert.Equal(("PodScheduled", "False", "SchedulingGated", "Scheduling is blocked due to non-empty scheduling gates"), (gated.Type, gated.Status, gated.Reason, gated.Message));
        Assert.NotNull(gated.LastTransitionTime);
    }

    /// <summary>Images may change; any other field (here the restart policy, a container's env, the priority) may not.</summary>
    [SkippableTheory, Backends]
    public async Task Patch_AnyOtherSpecField_IsForbiddenOnSpec(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await CreateAsync(cluster, new V1PodSpec());

        await PatchAsync(cluster, """{"spec":{"containers":[{"name":"a","image":"x2"}]}}""");
        var env = await ValidationAssert.InvalidMessageAsync(
            () => PatchAsync(cluster, """{"spec":{"restartPolicy":"Never","schedulingGates":[{"name":"g"}],"containers":[{"name":"a","image":"x3","env":[{"name":"E","value":"1"}]}]}}"""));
        var priority = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => PatchAsync(cluster, """{"spec":{"priority":5}}"""));

        Assert.StartsWith($"Pod \"p\" is invalid: [spec.schedulingGates[0].name: Forbidden: only deletion is allowed, but found new scheduling gate 'g', spec: {Unchangeable}\n", env, StringComparison.Ordinal);
        Assert.Equal([("spec", "FieldValueForbidden", Unchangeable)], priority.Details.Causes.Select(c => (c.Field, c.Reason, c.Message.Split('\n')[0])));
        Assert.Equal("x2", (await cluster.Client.CoreV1.ReadNamespacedPodAsync("p", cluster.Namespace)).Spec.Containers[0].Image);
    }

    /// <summary>While gated, a pod's node selector may gain entries and its required node affinity terms requirements, nothing more.</summary>
    [SkippableTheory, Backends]
    public async Task Patch_GatedPodPlacement_MayOnlyNarrow(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        const string Affinity = """{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"a","operator":"In","values":["b"]}]}]}}}""";
        await CreateAsync(cluster, new V1PodSpec
        {
            SchedulingGates = [new V1PodSchedulingGate { Name = "g" }],
            NodeSelector = new Dictionary<string, string> { ["a"] = "b" },
            Affinity = KubernetesJson.Deserialize<V1Affinity>(Affinity),
        });
        const string Requirement = """{"key":"a","operator":"In","values":["b"]}""";
        const string Terms = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";

        await PatchAsync(cluster, """{"spec":{"nodeSelector":{"c":"d"},"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[""" + Requirement + """,{"key":"c","operator":"Exists"}]}]}}}}}""");
        await ValidationAssert.InvalidAsync(
            () => PatchAsync(cluster, """{"spec":{"nodeSelector":{"a":"z"},"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"a","operator":"In","values":["z"]}]}]}}}}}"""),
            "spec.nodeSelector: Invalid value: map[string]string{\"a\":\"z\", \"c\":\"d\"}: only additions to spec.nodeSelector are allowed (no mutations or deletions)",
            $"{Terms}[0]: Invalid value: core.NodeSelectorTerm{{MatchExpressions:[]core.NodeSelectorRequirement{{core.NodeSelectorRequirement{{Key:\"a\", Operator:\"In\", Values:[]string{{\"z\"}}}}}}, MatchFields:[]core.NodeSelectorRequirement(nil)}}: only additions are allowed (no mutations or deletions)");
        await ValidationAssert.InvalidAsync(
            () => PatchAsync(cluster, """{"spec":{"nodeSelector":null,"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":null}}}}"""),
            "spec.nodeSelector: Invalid value: map[string]string(nil): only additions to spec.nodeSelector are allowed (no mutations or deletions)",
            $"{Terms}: Invalid value: []core.NodeSelectorTerm(nil): no additions/deletions to non-empty NodeSelectorTerms list are allowed");

        await PatchAsync(cluster, """{"spec":{"schedulingGates":null}}""");
        var ungated = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => PatchAsync(cluster, """{"spec":{"nodeSelector":{"e":"f"}}}"""));
        Assert.Equal([("spec", Unchangeable)], ungated.Details.Causes.Select(c => (c.Field, c.Message.Split('\n')[0])));
    }

    /// <summary>A mirror pod names its node; a deletion cost is a plain int32; mirror and AppArmor annotations are never added (checked on create and again on update).</summary>
    [SkippableTheory, Backends]
    public async Task Patch_PodSpecificAnnotations_AreValidatedAndMirrorAndAppArmorOnesFixed(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        const string Mirror = "metadata.annotations[kubernetes.io/config.mirror]";
        const string Cost = "metadata.annotations[controller.kubernetes.io/pod-deletion-cost]";
        await CreateAsync(cluster, new V1PodSpec());

        var message = await ValidationAssert.InvalidAsync(
            () => PatchAsync(cluster, """{"metadata":{"annotations":{"kubernetes.io/config.mirror":"x","controller.kubernetes.io/pod-deletion-cost":"+1"}}}"""),
            $"{Mirror}: Invalid value: \"x\": must set spec.nodeName if mirror pod annotation is set",
            $"{Cost}: Invalid value: \"+1\": must be a 32bit integer",
            $"{Mirror}: Forbidden: may not add mirror pod annotation",
            $"{Mirror}: Invalid value: \"x\": must set spec.nodeName if mirror pod annotation is set",
            $"{Cost}: Invalid value: \"+1\": must be a 32bit integer");
        await ValidationAssert.InvalidAsync(
            () => PatchAsync(cluster, """{"metadata":{"annotations":{"container.apparmor.security.beta.kubernetes.io/a":"runtime/default"}}}"""),
            "metadata.annotations[container.apparmor.security.beta.kubernetes.io/a]: Forbidden: may not add AppArmor annotations");
        await PatchAsync(cluster, """{"metadata":{"annotations":{"controller.kubernetes.io/pod-deletion-cost":"-7"}}}""");

        Assert.Equal(
            $"Pod \"p\" is invalid: [{Mirror}: Invalid value: \"x\": must set spec.nodeName if mirror pod annotation is set, {Cost}: Invalid value: \"+1\": must be a 32bit integer, {Mirror}: Forbidden: may not add mirror pod annotation]",
            message);
    }

    /// <summary>Containers cannot be added or removed (and nothing after that is checked).</summary>
    [SkippableTheory, Backends]
    public async Task Patch_RemovingAContainerOrAddingAnInitContainer_IsForbidden(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "a", Image = "x" }, new V1Container { Name = "b", Image = "y" }] },
        };
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace);

        var removed = await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.PatchNamespacedPodAsync(
                new V1Patch("""{"spec":{"containers":[{"name":"b","$patch":"delete"}]}}""", V1Patch.PatchType.StrategicMergePatch), "p", cluster.Namespace),
            "spec.containers: Forbidden: pod updates may not add or remove containers");
        await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.PatchNamespacedPodAsync(
                new V1Patch("""{"spec":{"initContainers":[{"name":"i","image":"z"}],"containers":[{"name":"a","image":" x2"}]}}""", V1Patch.PatchType.StrategicMergePatch),
                "p",
                cluster.Namespace),
            "spec.containers[0].image: Invalid value: \" x2\": must not have leading or trailing whitespace",
            "spec.containers[0].image: Invalid value: \" x2\": must not have leading or trailing whitespace",
            "spec.initContainers: Forbidden: pod updates may not add or remove containers");

        Assert.Equal("Pod \"p\" is invalid: spec.containers: Forbidden: pod updates may not add or remove containers", removed);
        Assert.Equal(["x", "y"], (await cluster.Client.CoreV1.ReadNamespacedPodAsync("p", cluster.Namespace)).Spec.Containers.Select(c => c.Image));
    }

    private static Task<V1Pod> CreateAsync(ClusterScope cluster, V1PodSpec spec)
    {
        spec.Containers = [new V1Container { Name = "a", Image = "x" }];
        return cluster.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod { Metadata = new V1ObjectMeta { Name = "p" }, Spec = spec }, cluster.Namespace);
    }

    private static Task PatchAsync(ClusterScope cluster, string patch, V1Patch.PatchType type = V1Patch.PatchType.MergePatch) =>
        cluster.Client.CoreV1.PatchNamespacedPodAsync(new V1Patch(patch, type), "p", cluster.Namespace);
}
