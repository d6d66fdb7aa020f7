using Harness.EnvTest.Tests.Backends;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Validation;

/// <summary>What kube-apiserver 1.32 writes into a new Pod (v1 defaulting, Priority, DefaultTolerationSeconds, QoS), on both backends.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PodDefaultingTests(ClusterFixture clusters)
{
    [SkippableTheory, Backends]
    public async Task Create_MinimalPod_SpecContainersAndVolumesDefaulted(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var pod = Pod(
            [
                new V1Container
                {
                    Name = "c", Image = "busybox", Ports = [new V1ContainerPort { ContainerPort = 80 }],
                    Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1") } },
                    VolumeMounts = [new V1VolumeMount { Name = "scratch", MountPath = "/s" }],
                },
                new V1Container { Name = "d", Image = "registry:5000/nginx:1.2" },
            ],
            new V1Volume { Name = "scratch" },
            new V1Volume { Name = "cm", ConfigMap = new V1ConfigMapVolumeSource { Name = "x" } },
            new V1Volume { Name = "sec", Secret = new V1SecretVolumeSource { SecretName = "x" } });

        var created = await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace);

        var spec = created.Spec;
        Assert.Equal(("ClusterFirst", "Always", 30L, "default-scheduler", true), (spec.DnsPolicy, spec.RestartPolicy, spec.TerminationGracePeriodSeconds, spec.SchedulerName, spec.EnableServiceLinks));
        Assert.Equal((0, "PreemptLowerPriority"), (spec.Priority, spec.PreemptionPolicy));
        Assert.NotNull(spec.SecurityContext);
        Assert.Equal(
            ["node.kubernetes.io/not-ready NoExecute Exists 300", "node.kubernetes.io/unreachable NoExecute Exists 300"],
            spec.Tolerations.Select(t => $"{t.Key} {t.Effect} {t.OperatorProperty} {t.TolerationSeconds}"));
        var (c, d) = (spec.Containers[0], spec.Containers[1]);
        Assert.Equal(("Always", "/dev/termination-log", "File", "TCP"), (c.ImagePullPolicy, c.TerminationMessagePath, c.TerminationMessagePolicy, c.Ports[0].Protocol));
        Assert.Equal("1", c.Resources.Requests["cpu"].ToString());
        Assert.Equal("IfNotPresent", d.ImagePullPolicy);
        Assert.NotNull(spec.Volumes[0].EmptyDir);
        Assert.Equal((420, 420), (spec.Volumes[1].ConfigMap.DefaultMode, spec.Volumes[2].Secret.DefaultMode));
        Assert.Equal(("Pending", "Burstable"), (created.Status.Phase, created.Status.QosClass));
    }

    [SkippableTheory, Backends]
    public async Task Create_PolicyAndTolerationGiven_Kept(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var pod = Pod([new V1Container { Name = "c", Image = "busybox:latest" }]);
        pod.Spec.RestartPolicy = "Never";
        pod.Spec.TerminationGracePeriodSeconds = 5;
        pod.Spec.Tolerations = [new V1Toleration { OperatorProperty = "Exists" }];

        var created = await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace);

        Assert.Equal(("Never", 5L), (created.Spec.RestartPolicy, created.Spec.TerminationGracePeriodSeconds));
        Assert.Equal("Exists", Assert.Single(created.Spec.Tolerations).OperatorProperty);
        Assert.Equal(("Always", "BestEffort"), (created.Spec.Containers[0].ImagePullPolicy, created.Status.QosClass));
    }

    [SkippableTheory, Backends]
    public async Task Create_LimitsOnly_RequestsDefaultedAndGuaranteed(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m"), ["memory"] = new("64Mi") };
        var pod = Pod([new V1Container { Name = "c", Image = "x@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", Resources = new V1ResourceRequirements { Limits = limits } }]);

        var created = await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace);

        Assert.Equal(["500m", "64Mi"], created.Spec.Containers[0].Resources.Requests.OrderBy(r => r.Key).Select(r => r.Value.ToString()));
        Assert.Equal(("IfNotPresent", "Guaranteed"), (created.Spec.Containers[0].ImagePullPolicy, created.Status.QosClass));
    }

    [SkippableTheory, Backends]
    public async Task Create_ProbesLifecycleAndHostNetwork_Defaulted(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var pod = Pod(
        [
            new V1Container
            {
                Name = "c", Image = "busybox:1", Ports = [new V1ContainerPort { ContainerPort = 8080 }, new V1ContainerPort { ContainerPort = 9000, HostPort = 9000 }],
                LivenessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Port = 8080 } },
                ReadinessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = 8080 }, PeriodSeconds = 5 },
                StartupProbe = new V1Probe { Exec = new V1ExecAction { Command = ["true"] } },
                Lifecycle = new V1Lifecycle { PreStop = new V1LifecycleHandler { HttpGet = new V1HTTPGetAction { Port = 80, Path = "/stop" } } },
            },
        ]);
        pod.Spec.HostNetwork = true;
        pod.Spec.InitContainers = [new V1Container { Name = "i", Image = "busybox:1", Ports = [new V1ContainerPort { ContainerPort = 7070 }] }];

        var created = await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace);

        var c = created.Spec.Containers[0];
        Assert.Equal([8080, 9000], c.Ports.Select(p => p.HostPort ?? 0));
        Assert.Equal(7070, created.Spec.InitContainers[0].Ports[0].HostPort);
        string Timings(V1Probe p) => $"{p.TimeoutSeconds} {p.PeriodSeconds} {p.SuccessThreshold} {p.FailureThreshold}";
        Assert.Equal(["1 10 1 3", "1 5 1 3", "1 10 1 3"], new[] { c.LivenessProbe, c.ReadinessProbe, c.StartupProbe }.Select(Timings));
        Assert.Equal(("/", "HTTP"), (c.LivenessProbe.HttpGet.Path, c.LivenessProbe.HttpGet.Scheme));
        Assert.Equal(("/stop", "HTTP"), (c.Lifecycle.PreStop.HttpGet.Path, c.Lifecycle.PreStop.HttpGet.Scheme));
    }

    /// <summary>Downward API references get <c>apiVersion: v1</c> and a zero divisor; RBD, iSCSI, Azure disk and ScaleIO sources and an ephemeral claim template their v1 defaults.</summary>
    [SkippableTheory, Backends]
    public async Task Create_DownwardApiAndVolumeSources_Defaulted(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        V1EnvVar FromField(string path) => new() { Name = "F", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = path } } };
        var cpu = new V1ResourceFieldSelector { ContainerName = "c", Resource = "limits.cpu" };
        var pod = Pod(
            [new V1Container { Name = "c", Image = "x:1", Env = [FromField("metadata.name"), new V1EnvVar { Name = "R", ValueFrom = new V1EnvVarSource { ResourceFieldRef = cpu } }] }],
            new V1Volume
            {
                Name = "d",
                DownwardAPI = new V1DownwardAPIVolumeSource { Items = [new V1DownwardAPIVolumeFile { Path = "n", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } }, new V1DownwardAPIVolumeFile { Path = "r", ResourceFieldRef = cpu }] },
            },
            new V1Volume { Name = "p", Projected = new V1ProjectedVolumeSource { Sources = [new V1VolumeProjection { DownwardAPI = new V1DownwardAPIProjection { Items = [new V1DownwardAPIVolumeFile { Path = "l", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.labels" } }] } }] } },
            new V1Volume { Name = "rbd", Rbd = new V1RBDVolumeSource { Monitors = ["m"], Image = "i" } },
            new V1Volume { Name = "is", Iscsi = new V1ISCSIVolumeSource { TargetPortal = "t:3260", Iqn = "iqn.2001-04.com.example:storage", Lun = 0 } },
            new V1Volume { Name = "az", AzureDisk = new V1AzureDiskVolumeSource { DiskName = "d", DiskURI = "https://a.blob.core.windows.net/c/d.vhd" } },
            new V1Volume { Name = "sio", ScaleIO = new V1ScaleIOVolumeSource { Gateway = "g", System = "s", VolumeName = "v", SecretRef = new V1LocalObjectReference { Name = "x" } } },
            new V1Volume
            {
                Name = "eph",
                Ephemeral = new V1EphemeralVolumeSource
                {
                    VolumeClaimTemplate = new V1PersistentVolumeClaimTemplate
                    {
                        Spec = new V1PersistentVolumeClaimSpec { AccessModes = ["ReadWriteOnce"], Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } } },
                    },
                },
            });
        pod.Spec.InitContainers = [new V1Container { Name = "i", Image = "x:1", Env = [FromField("metadata.namespace")] }];

        var created = await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace);

        var (spec, env) = (created.Spec, created.Spec.Containers[0].Env);
        var volumes = spec.Volumes;
        Assert.Equal(
            ["v1", "v1", "v1", "v1"],
            new[] { env[0].ValueFrom.FieldRef, spec.InitContainers[0].Env[0].ValueFrom.FieldRef, volumes[0].DownwardAPI.Items[0].FieldRef, volumes[1].Projected.Sources[0].DownwardAPI.Items[0].FieldRef }.Select(f => f.ApiVersion));
        Assert.Equal(["0", "0"], new[] { env[1].ValueFrom.ResourceFieldRef, volumes[0].DownwardAPI.Items[1].ResourceFieldRef }.Select(r => r.Divisor.ToString()));
        Assert.Equal(("rbd", "admin", "/etc/ceph/keyring", "default"), (volumes[2].Rbd.Pool, volumes[2].Rbd.User, volumes[2].Rbd.Keyring, volumes[3].Iscsi.IscsiInterface));
        Assert.Equal(("ReadWrite", "ext4", false, "Shared"), (volumes[4].AzureDisk.CachingMode, volumes[4].AzureDisk.FsType, volumes[4].AzureDisk.ReadOnlyProperty, volumes[4].AzureDisk.Kind));
        Assert.Equal(("ThinProvisioned", "xfs", "Filesystem"), (volumes[5].ScaleIO.StorageMode, volumes[5].ScaleIO.FsType, volumes[6].Ephemeral.VolumeClaimTemplate.Spec.VolumeMode));
    }

    /// <summary>Fields of features kube-apiserver 1.32 ships disabled are dropped on create (a procMount is set back to Default).</summary>
    [SkippableTheory, Backends]
    public async Task Create_FieldsOfDisabledFeatures_Dropped(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        const string Pod = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"hostUsers":false,"resources":{"limits":{"cpu":"1"}},
             "resourceClaims":[{"name":"rc","resourceClaimName":"x"}],"securityContext":{"supplementalGroupsPolicy":"Strict","seLinuxChangePolicy":"Recursive"},
             "containers":[{"name":"c","image":"x:1","resources":{"claims":[{"name":"rc"}]},"resizePolicy":[{"resourceName":"cpu","restartPolicy":"NotRequired"}],
               "securityContext":{"procMount":"Unmasked"},"volumeMounts":[{"name":"img","mountPath":"/i"},{"name":"e","mountPath":"/e"}]}],
             "volumes":[{"name":"img","image":{"reference":"x:1"}},{"name":"e","emptyDir":{}},{"name":"ctb","projected":{"sources":[{"clusterTrustBundle":{"name":"b","path":"p"}},{"configMap":{"name":"x"}}]}}]}}
            """;

        var (code, body) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{cluster.Namespace}/pods", Pod);

        Assert.Equal(201, code);
        var spec = System.Text.Json.Nodes.JsonNode.Parse(body)!["spec"]!;
        Assert.Equal([false, false, false], new[] { "hostUsers", "resources", "resourceClaims" }.Select(field => spec.AsObject().ContainsKey(field)));
        Assert.Equal("{}", spec["securityContext"]!.ToJsonString());
        var container = spec["containers"]![0]!;
        Assert.Equal(("{}", null, "Default", "e"), (container["resources"]!.ToJsonString(), container["resizePolicy"], (string?)container["securityContext"]!["procMount"], (string?)container["volumeMounts"]![0]!["name"]));
        Assert.Equal(["e", "ctb"], spec["volumes"]!.AsArray().Select(v => (string?)v!["name"]));
        Assert.Equal("[{},{\"configMap\":{\"name\":\"x\"}}]", spec["volumes"]![1]!["projected"]!["sources"]!.ToJsonString());
    }

    private static V1Pod Pod(IList<V1Container> containers, params V1Volume[] volumes) =>
        new() { Metadata = new V1ObjectMeta { Name = "p" }, Spec = new V1PodSpec { Containers = containers, Volumes = volumes.Length == 0 ? null : volumes } };
}
