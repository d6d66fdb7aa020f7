namespace Harness.Controller.Tests.World;

/// <summary>A VM a test creates: its claims and DataVolumes (by name), extra containerDisk/cloud-init volumes, run strategy and guest.</summary>
internal sealed record VmDefinition(string Name)
{
    public IReadOnlyList<string> Claims { get; init; } = [];

    public IReadOnlyList<string> DataVolumes { get; init; } = [];

    /// <summary>DataVolume templates (blank, on the default StorageClass) whose volumes the VM uses.</summary>
    public IReadOnlyList<string> DataVolumeTemplates { get; init; } = [];

    /// <summary>The claim the <see cref="DataVolumeTemplates"/> clone (<c>source.pvc</c>, no size: the source's) instead of being blank.</summary>
    public ClaimReference? CloneSource { get; init; }

    /// <summary>Adds a containerDisk volume <c>disk0</c> and a cloud-init volume <c>cloudinit</c>, as the upstream simple VM has.</summary>
    public bool WithContainerDisk { get; init; }

    public string RunStrategy { get; init; } = "Always";

    public bool GuestAgent { get; init; } = true;

    /// <summary>VM template annotations (guest faults: <c>harness.kubevirt.io/guest-...</c>).</summary>
    public IReadOnlyDictionary<string, string> TemplateAnnotations { get; init; } = new Dictionary<string, string>();

    public string Memory { get; init; } = "128Mi";

    /// <summary>The namespaced instance type the VM uses (its template then sets no memory of its own).</summary>
    public string? Instancetype { get; init; }

    /// <summary>The namespaced preference the VM uses.</summary>
    public string? Preference { get; init; }

    /// <summary>A persistent TPM (<c>devices.tpm.persistent</c>): the VM gets a backend-storage claim when it starts.</summary>
    public bool PersistentTpm { get; init; }
}
