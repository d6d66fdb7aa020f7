using System.Net;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Validation;

/// <summary>kube-apiserver's Pod validation (ValidatePodSpec), as both backends answer it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PodValidationTests(ClusterFixture clusters)
{
    [SkippableTheory, Backends]
    public async Task Create_NoContainers_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity,
            () => cluster.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod { Metadata = new V1ObjectMeta { Name = "p" }, Spec = new V1PodSpec() }, cluster.Namespace));

        Assert.Equal("Pod \"p\" is invalid: spec.containers: Required value", status.Message);
    }

    [SkippableTheory, Backends]
    public async Task Create_BadVolumesContainersAndMounts_ListsEveryErrorInKubesOrder(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec
            {
                Containers =
                [
                    new V1Container { Name = "", Image = "" },
                    new V1Container
                    {
                        Name = "Bad_N", Image = "x",
                        VolumeMounts = [new V1VolumeMount { Name = "a", MountPath = "/m" }, new V1VolumeMount { Name = "ok", MountPath = "/m" }],
                    },
                    new V1Container { Name = "Bad_N", Image = "x" },
                ],
                Volumes =
                [
                    new V1Volume { Name = "a", EmptyDir = new V1EmptyDirVolumeSource(), PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = "c" } },
                    new V1Volume { Name = "ok", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = "c" } },
                    new V1Volume { Name = "ok", Secret = new V1SecretVolumeSource { SecretName = "" } },
                    new V1Volume
                    {
                        Name = "t",
                        Projected = new V1ProjectedVolumeSource { Sources = [new V1VolumeProjection { ServiceAccountToken = new V1ServiceAccountTokenProjection { Path = "", ExpirationSeconds = 60 } }] },
                    },
                ],
                RestartPolicy = "Sometimes",
            },
        };

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace));

        const string Label = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
        Assert.Equal(
            [
                "spec.volumes[0].persistentVolumeClaim: Forbidden: may not specify more than 1 volume type",
                "spec.volumes[2].secret.secretName: Required value",
                "spec.volumes[2].name: Duplicate value: \"ok\"",
                "spec.volumes[3].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes",
                "spec.volumes[3].projected.path: Required value",
                "spec.containers[0].name: Required value",
                "spec.containers[0].image: Required value",
                $"spec.containers[1].name: Invalid value: \"Bad_N\": {Label}",
                "spec.containers[1].volumeMounts[0].name: Not found: \"a\"",
                "spec.containers[1].volumeMounts[1].mountPath: Invalid value: \"/m\": must be unique",
                $"spec.containers[2].name: Invalid value: \"Bad_N\": {Label}",
                "spec.containers[2].name: Duplicate value: \"Bad_N\"",
                "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
                "spec.volumes[3].projected.sources[0].serviceAccountToken: Forbidden: must not be specified when serviceAccountName is not set",
            ],
            status.Details.Causes.Select(c => $"{c.Field}: {c.Message}"));
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => cluster.Client.CoreV1.ReadNamespacedPodAsync("p", cluster.Namespace));
    }

    [SkippableTheory, Backends]
    public async Task Create_ProjectedTokenWithServiceAccountName_IsStored(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec
            {
                ServiceAccountName = "default",
                Containers = [new V1Container { Name = "c", Image = "x", VolumeMounts = [new V1VolumeMount { Name = "t", MountPath = "/t" }] }],
                Volumes = [new V1Volume { Name = "t", Projected = new V1ProjectedVolumeSource { Sources = [new V1VolumeProjection { ServiceAccountToken = new V1ServiceAccountTokenProjection { Path = "token" } }] } }],
            },
        };

        var created = await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace);

        Assert.Equal("token", created.Spec.Volumes[0].Projected.Sources[0].ServiceAccountToken.Path);
    }

    [SkippableTheory, Backends]
    public async Task Create_ImageWithSurroundingWhitespace_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "p" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "x " }] } };

        await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace),
            "spec.containers[0].image: Invalid value: \"x \": must not have leading or trailing whitespace");
    }

    [SkippableTheory, Backends]
    public async Task Create_BadTolerations_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec
            {
                Containers = [new V1Container { Name = "c", Image = "x" }],
                Tolerations = [new V1Toleration { OperatorProperty = "Equal", Value = "bad value!" }, new V1Toleration { Key = "k", OperatorProperty = "Near" }],
            },
        };

        await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace),
            "spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            "spec.tolerations[0].operator: Invalid value: \"bad value!\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
            "spec.tolerations[1].operator: Unsupported value: \"Near\": supported values: \"Equal\", \"Exists\"");
    }

    [SkippableTheory, Backends]
    public async Task Create_BadLabelsNodeSelectorAndGates_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p", Labels = new Dictionary<string, string> { ["x/"] = "bad value!" } },
            Spec = new V1PodSpec
            {
                Containers = [new V1Container { Name = "c", Image = "x" }],
                NodeName = "n1",
                NodeSelector = new Dictionary<string, string> { ["bad key"] = "v" },
                SchedulingGates = [new V1PodSchedulingGate { Name = "g" }, new V1PodSchedulingGate { Name = "bad gate" }, new V1PodSchedulingGate { Name = "g" }],
            },
        };

        const string Name = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace),
            "metadata.labels: Invalid value: \"x/\": name part must be non-empty",
            $"metadata.labels: Invalid value: \"x/\": {Name}",
            "metadata.labels: Invalid value: \"bad value!\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
            $"spec.nodeSelector: Invalid value: \"bad key\": {Name}",
            $"spec.schedulingGates[1]: Invalid value: \"bad gate\": {Name}",
            "spec.schedulingGates[2]: Duplicate value: \"g\"",
            "spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared");
    }

    [SkippableTheory, Backends]
    public async Task Create_BadNodeAffinity_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var affinity = KubernetesJson.Deserialize<V1Affinity>("""
            {"nodeAffinity":{
              "requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{
                "matchExpressions":[{"key":"bad key","operator":"In"},{"key":"k","operator":"Exists","values":["v"]},{"key":"k","operator":"Gt","values":["1","2"]},{"key":"k","operator":"Near","values":["bad value!"]}],
                "matchFields":[{"key":"spec.x","operator":"Exists"},{"key":"metadata.name","operator":"In","values":["Bad_Node","n"]}]}]},
              "preferredDuringSchedulingIgnoredDuringExecution":[{"weight":0,"preference":{"matchExpressions":[{"key":"k","operator":"In","values":["bad value!"]}]}}]}}
            """);
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "p" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "x" }], Affinity = affinity } };

        const string Term = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]";
        await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace),
            $"{Term}.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
            $"{Term}.matchExpressions[0].key: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            $"{Term}.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            $"{Term}.matchExpressions[2].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'",
            $"{Term}.matchExpressions[3].operator: Invalid value: \"Near\": not a valid selector operator",
            $"{Term}.matchFields[0].operator: Invalid value: \"Exists\": not a valid selector operator",
            $"{Term}.matchFields[0].key: Invalid value: \"spec.x\": not a valid field selector key",
            $"{Term}.matchFields[1].values: Required value: must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
            $"{Term}.matchFields[1].values[0]: Invalid value: \"Bad_Node\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100");
    }

    [SkippableTheory, Backends]
    public async Task Create_BadPodAffinity_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var affinity = KubernetesJson.Deserialize<V1Affinity>("""
            {"podAffinity":{
              "requiredDuringSchedulingIgnoredDuringExecution":[{"labelSelector":{"matchLabels":{"a":"b"}},"namespaces":["Bad_NS","ok"]},{"topologyKey":"bad key"}]},
             "podAntiAffinity":{
              "preferredDuringSchedulingIgnoredDuringExecution":[{"weight":101,"podAffinityTerm":{"topologyKey":"zone"}},{"weight":0,"podAffinityTerm":{"topologyKey":"x/"}}]}}
            """);
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "p" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "x" }], Affinity = affinity } };

        const string Name = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        const string Required = "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution";
        const string Preferred = "spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution";
        await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace),
            $"{Required}[0].namespace: Invalid value: \"Bad_NS\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
            $"{Required}[0].topologyKey: Required value: can not be empty",
            $"{Required}[0].topologyKey: Invalid value: \"\": name part must be non-empty",
            $"{Required}[0].topologyKey: Invalid value: \"\": {Name}",
            $"{Required}[1].topologyKey: Invalid value: \"bad key\": {Name}",
            $"{Preferred}[0].weight: Invalid value: 101: must be in the range 1-100",
            $"{Preferred}[1].weight: Invalid value: 0: must be in the range 1-100",
            $"{Preferred}[1].podAffinityTerm.topologyKey: Invalid value: \"x/\": name part must be non-empty",
            $"{Preferred}[1].podAffinityTerm.topologyKey: Invalid value: \"x/\": {Name}");
    }

    [SkippableTheory, Backends]
    public async Task Create_BadPodAffinitySelectorsAndLabelKeys_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var affinity = KubernetesJson.Deserialize<V1Affinity>("""
            {"podAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":[{"topologyKey":"k",
              "labelSelector":{"matchLabels":{"app":"y","bad key!":"v"},"matchExpressions":[{"key":"tier","operator":"In"},{"key":"e","operator":"Exists","values":["v"]},{"key":"f","operator":"Near"},{"key":"g","operator":"NotIn","values":["bad value!"]}]},
              "namespaceSelector":{"matchExpressions":[{"key":"q","operator":"DoesNotExist","values":["a"]}]},
              "matchLabelKeys":["app","tier","Bad!","mm"],"mismatchLabelKeys":["mm"]}]},
             "podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":1,"podAffinityTerm":{"topologyKey":"k","matchLabelKeys":["app"],"mismatchLabelKeys":["tier"]}}]}}
            """);
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p", Labels = new Dictionary<string, string> { ["app"] = "a", ["tier"] = "t" } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "x" }], Affinity = affinity },
        };

        const string Name = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        const string Term = "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]";
        const string AntiTerm = "spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm";
        await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace),
            $"{Term}.labelSelector.matchLabels: Invalid value: \"bad key!\": {Name}",
            $"{Term}.labelSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
            $"{Term}.labelSelector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            $"{Term}.labelSelector.matchExpressions[2].operator: Invalid value: \"Near\": not a valid selector operator",
            $"{Term}.labelSelector.matchExpressions[3].values[0]: Invalid value: \"bad value!\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
            $"{Term}.namespaceSelector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            $"{Term}.matchLabelKeys[2]: Invalid value: \"Bad!\": {Name}",
            $"{Term}[0]: Invalid value: \"app\": exists in both matchLabelKeys and labelSelector",
            $"{Term}[1]: Invalid value: \"tier\": exists in both matchLabelKeys and labelSelector",
            $"{Term}.matchLabelKeys[3]: Invalid value: \"mm\": exists in both matchLabelKeys and mismatchLabelKeys",
            $"{AntiTerm}.matchLabelKeys: Forbidden: must not be specified when labelSelector is not set",
            $"{AntiTerm}.mismatchLabelKeys: Forbidden: must not be specified when labelSelector is not set");
    }

    /// <summary>On create each label key the pod has a label for joins its term's selector as <c>key In</c> / <c>key NotIn</c> the label's value.</summary>
    [SkippableTheory, Backends]
    public async Task Create_PodAffinityLabelKeys_MergedIntoSelectors(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var affinity = KubernetesJson.Deserialize<V1Affinity>("""
            {"podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":1,"podAffinityTerm":{"topologyKey":"k",
              "labelSelector":{"matchLabels":{"x":"y"}},"matchLabelKeys":["app","absent"],"mismatchLabelKeys":["tier"]}}]}}
            """);
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p", Labels = new Dictionary<string, string> { ["app"] = "a", ["tier"] = "t" } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "x" }], Affinity = affinity },
        };

        var created = await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace);

        var selector = created.Spec.Affinity.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution[0].PodAffinityTerm.LabelSelector;
        Assert.Equal(["app In a", "tier NotIn t"], selector.MatchExpressions.Select(e => $"{e.Key} {e.OperatorProperty} {string.Join(",", e.Values)}"));
    }

    [SkippableTheory, Backends]
    public async Task Create_LifecycleSleepOutsideGracePeriod_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        V1LifecycleHandler Sleep(long seconds) => new() { Sleep = new V1SleepAction { Seconds = seconds } };
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec
            {
                TerminationGracePeriodSeconds = 10,
                Containers = [new V1Container { Name = "c", Image = "x", Lifecycle = new V1Lifecycle { PostStart = Sleep(0), PreStop = Sleep(11) } }, new V1Container { Name = "d", Image = "x", Lifecycle = new V1Lifecycle { PreStop = Sleep(10) } }],
            },
        };

        const string Message = "must be greater than 0 and less than terminationGracePeriodSeconds (10). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.";
        await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace),
            $"spec.containers[0].lifecycle.postStart.sleep: Invalid value: 0: {Message}",
            $"spec.containers[0].lifecycle.preStop.sleep: Invalid value: 11: {Message}");
    }
}
