using System.Text.Json.Nodes;
using Google.Protobuf;
using Harness.EnvTest.Protos.Core;
using Harness.EnvTest.Protos.Meta;
using Harness.EnvTest.Protos.Runtime;
using Harness.EnvTest.Serialization.Protobuf;
using Harness.EnvTest.Tests.Backends;

namespace Harness.EnvTest.Tests.Serialization;

/// <summary>A Pod with k8s.io/api 1.32's later fields, written and read in protobuf.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ProtobufPodIntegrationTests(ClusterFixture clusters)
{
    private const string Protobuf = ProtobufBodyIntegrationTests.Protobuf;

    private static Quantity Cpu(string amount) => new() { String = amount };

    private static Pod RichPod()
    {
        var term = new PodAffinityTerm { LabelSelector = new LabelSelector(), TopologyKey = "zone" };
        term.LabelSelector.MatchLabels.Add("app", "rich");
        term.MatchLabelKeys.Add("tier");
        term.MismatchLabelKeys.Add("team");
        var affinity = new Affinity { PodAffinity = new PodAffinity() };
        affinity.PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution.Add(term);
        var container = new Container
        {
            Name = "c",
            Image = "busybox",
            Resources = new ResourceRequirements(),
            SecurityContext = new SecurityContext { AllowPrivilegeEscalation = false },
        };
        container.Resources.Limits.Add("cpu", Cpu("100m"));
        container.VolumeMounts.Add(new VolumeMount { Name = "ro", MountPath = "/ro", ReadOnly = true, RecursiveReadOnly = "Enabled" });
        var sidecar = new Container
        {
            Name = "side",
            Image = "busybox",
            RestartPolicy = "Always",
            Lifecycle = new Lifecycle { PreStop = new LifecycleHandler { Sleep = new SleepAction { Seconds = 1 } } },
        };
        var pod = new Pod
        {
            Metadata = new ObjectMeta { Name = "rich" },
            Spec = new PodSpec { Affinity = affinity, SecurityContext = new PodSecurityContext() },
        };
        pod.Metadata.Labels.Add("app", "rich");
        pod.Spec.SecurityContext.SupplementalGroups.Add([5, 6]);
        pod.Spec.Containers.Add(container);
        pod.Spec.InitContainers.Add(sidecar);
        pod.Spec.Volumes.Add(new Volume { Name = "ro", VolumeSource = new VolumeSource { EmptyDir = new EmptyDirVolumeSource() } });
        return pod;
    }

    private static ContainerStatus RichContainerStatus()
    {
        var status = new ContainerStatus
        {
            Name = "c",
            Image = "busybox",
            ImageID = "sha256:1",
            ContainerID = "cri://1",
            Ready = true,
            Started = true,
            State = new ContainerState { Running = new ContainerStateRunning { StartedAt = new Time { Seconds = 1767323045 } } },
            LastState = new ContainerState(),
            Resources = new ResourceRequirements(),
            User = new ContainerUser { Linux = new LinuxContainerUser { Uid = 1000, Gid = 0 } },
        };
        status.AllocatedResources.Add("cpu", Cpu("100m"));
        status.Resources.Limits.Add("cpu", Cpu("100m"));
        status.VolumeMounts.Add(new VolumeMountStatus { Name = "ro", MountPath = "/ro", ReadOnly = true, RecursiveReadOnly = "Enabled" });
        status.User.Linux.SupplementalGroups.Add([0, 5]);
        var health = new ResourceStatus { Name = "cpu" };
        health.Resources.Add(new ResourceHealth { ResourceID = "dev-1", Health = "Healthy" });
        status.AllocatedResourcesStatus.Add(health);
        return status;
    }

    private static Pod Answer(byte[] body) => Pod.Parser.ParseFrom(Unknown.Parser.ParseFrom(body[4..]).Raw);

    /// <summary>
    /// The fields kube-apiserver 1.32 keeps with its default feature gates go in and come back under kube's numbers (on
    /// the binary backend a wrong number is an unknown field, dropped); the JSON answer, written by <c>ProtobufWriter</c>,
    /// is the protobuf answer byte for byte.
    /// </summary>
    [SkippableTheory, Backends]
    public async Task CreateThenWriteStatus_ProtobufPodWithLaterFields_KeepsThemAndAnswersTheJsonInGogosEncoding(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var pods = $"/api/v1/namespaces/{cluster.Namespace}/pods";
        var sent = RichPod();
        var (created, createdType, createdBody) = await cluster.SendForBytesAsync(HttpMethod.Post, pods, Protobuf, ProtobufBodyIntegrationTests.Body("v1", "Pod", sent), Protobuf);
        Assert.Equal((201, Protobuf), (created, createdType));
        var stored = Answer(createdBody);
        stored.Status = new PodStatus { Phase = "Running", HostIP = "10.0.0.1", PodIP = "10.1.0.1", Resize = "Proposed", QosClass = stored.Status.QosClass };
        stored.Status.HostIPs.Add([new HostIP { Ip = "10.0.0.1" }, new HostIP { Ip = "fd00::1" }]);
        stored.Status.PodIPs.Add(new PodIP { Ip = "10.1.0.1" });
        stored.Status.ContainerStatuses.Add(RichContainerStatus());

        var (updated, _, updatedBody) = await cluster.SendForBytesAsync(
            HttpMethod.Put, $"{pods}/rich/status", Protobuf, ProtobufBodyIntegrationTests.Body("v1", "Pod", stored), Protobuf);
        var (_, json) = await cluster.GetAsync($"{pods}/rich");
        var (_, _, raw) = await cluster.SendForBytesAsync(HttpMethod.Get, $"{pods}/rich", Protobuf);

        Assert.Equal(200, updated);
        var answer = Answer(updatedBody);
        Assert.Equal(sent.Spec.Affinity, answer.Spec.Affinity);
        Assert.Equal(sent.Spec.SecurityContext.SupplementalGroups, answer.Spec.SecurityContext.SupplementalGroups);
        Assert.Equal(sent.Spec.Containers[0].VolumeMounts, answer.Spec.Containers[0].VolumeMounts);
        Assert.Equal((sent.Spec.InitContainers[0].RestartPolicy, sent.Spec.InitContainers[0].Lifecycle), (answer.Spec.InitContainers[0].RestartPolicy, answer.Spec.InitContainers[0].Lifecycle));
        Assert.Equal(stored.Status, answer.Status);
        Assert.Equal(
            Convert.ToHexString(Unknown.Parser.ParseFrom(raw[4..]).Raw.Span),
            Convert.ToHexString(ProtobufWriter.Write(JsonNode.Parse(json), Pod.Descriptor)));
    }
}
