using Harness.EnvTest.Tests.Backends;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Validation;

/// <summary>kube 1.32's seccomp and AppArmor rules for pods: the deprecated annotations synced with and checked against the profile fields.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PodSecurityProfileTests(ClusterFixture clusters)
{
    private const string AppArmor = "container.apparmor.security.beta.kubernetes.io/";

    /// <summary>An annotation without a field gives the container the field (unless the pod's profile is the same); a field without an annotation, the container's or the pod's, gives the annotation.</summary>
    [SkippableTheory, Backends]
    public async Task Create_AppArmorAnnotationsAndFields_Synced(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var pod = Pod(
            new Dictionary<string, string> { [AppArmor + "c"] = "localhost/prof", [AppArmor + "d"] = "runtime/default", [AppArmor + "u"] = "unconfined" },
            new V1PodSecurityContext { AppArmorProfile = new V1AppArmorProfile { Type = "Unconfined" } },
            new V1Container { Name = "c", Image = "x" },
            new V1Container { Name = "d", Image = "x" },
            new V1Container { Name = "e", Image = "x", SecurityContext = new V1SecurityContext { AppArmorProfile = new V1AppArmorProfile { Type = "Localhost", LocalhostProfile = "p" } } },
            new V1Container { Name = "f", Image = "x" },
            new V1Container { Name = "u", Image = "x" });

        var created = await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace);

        Assert.Equal(
            ["c=localhost/prof", "d=runtime/default", "e=localhost/p", "f=unconfined", "u=unconfined"],
            created.Metadata.Annotations.Where(a => a.Key.StartsWith(AppArmor, StringComparison.Ordinal)).Select(a => $"{a.Key[AppArmor.Length..]}={a.Value}").Order(StringComparer.Ordinal));
        Assert.Equal(
            ["c Localhost prof", "d RuntimeDefault ", "e Localhost p", "f -", "u -"],
            created.Spec.Containers.Select(c => c.SecurityContext?.AppArmorProfile is { } p ? $"{c.Name} {p.Type} {p.LocalhostProfile}" : $"{c.Name} -"));
    }

    [SkippableTheory, Backends]
    public async Task Create_BadProfilesAndMismatchedAnnotations_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var pod = Pod(
            new Dictionary<string, string>
            {
                [AppArmor + "c"] = "localhost/prof", [AppArmor + "d"] = "localhost/", [AppArmor + "x"] = "bogus",
                ["seccomp.security.alpha.kubernetes.io/pod"] = "bogus", ["container.seccomp.security.alpha.kubernetes.io/e"] = "localhost/../x",
            },
            new V1PodSecurityContext { SeccompProfile = new V1SeccompProfile { Type = "Unconfined" } },
            new V1Container { Name = "c", Image = "x", SecurityContext = new V1SecurityContext { AppArmorProfile = new V1AppArmorProfile { Type = "RuntimeDefault" } } },
            new V1Container { Name = "d", Image = "x", SecurityContext = new V1SecurityContext { AppArmorProfile = new V1AppArmorProfile { Type = "Localhost" } } },
            new V1Container
            {
                Name = "e", Image = "x",
                SecurityContext = new V1SecurityContext { AppArmorProfile = new V1AppArmorProfile { Type = "Bogus" }, SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } },
            },
            new V1Container { Name = "f", Image = "x", SecurityContext = new V1SecurityContext { SeccompProfile = new V1SeccompProfile { Type = "Localhost", LocalhostProfile = "/abs" } } });

        const string Annotations = "metadata.annotations";
        const string Seccomp = "Forbidden: seccomp type in annotation and field must match";
        await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace),
            $"{Annotations}.seccomp.security.alpha.kubernetes.io/pod: Invalid value: \"bogus\": must be a valid seccomp profile",
            $"{Annotations}.container.seccomp.security.alpha.kubernetes.io/e: Invalid value: \"../x\": must not contain '..'",
            $"{Annotations}[{AppArmor}x]: Invalid value: \"x\": container not found",
            $"{Annotations}[{AppArmor}x]: Invalid value: \"bogus\": invalid AppArmor profile name: \"bogus\"",
            "spec.containers[1].securityContext.appArmorProfile.localhostProfile: Required value: must be set when AppArmor type is Localhost",
            "spec.containers[2].securityContext.appArmorProfile.type: Unsupported value: \"Bogus\": supported values: \"Localhost\", \"RuntimeDefault\", \"Unconfined\"",
            "spec.containers[3].securityContext.seccompProfile.localhostProfile: Invalid value: \"/abs\": must be a relative path",
            $"spec.securityContext.seccompProfile.type: {Seccomp}",
            $"spec.containers[2].securityContext.seccompProfile.type: {Seccomp}",
            "spec.containers[0].securityContext.appArmorProfile.type: Forbidden: apparmor type in annotation and field must match",
            "spec.containers[1].securityContext.appArmorProfile.localhostProfile: Forbidden: apparmor profile in annotation and field must match");
    }

    private static V1Pod Pod(IDictionary<string, string> annotations, V1PodSecurityContext context, params V1Container[] containers) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", Annotations = annotations },
        Spec = new V1PodSpec { SecurityContext = context, Containers = containers },
    };
}
