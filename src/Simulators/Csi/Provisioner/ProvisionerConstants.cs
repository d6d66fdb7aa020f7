namespace Harness.Simulators.Csi.Provisioner;

/// <summary>Annotations and names of the external-provisioner and the PV controller.</summary>
public static class ProvisionerConstants
{
    public const string StorageProvisionerAnnotation = "volume.kubernetes.io/storage-provisioner";
    public const string BetaStorageProvisionerAnnotation = "volume.beta.kubernetes.io/storage-provisioner";
    public const string SelectedNodeAnnotation = "volume.kubernetes.io/selected-node";
    public const string BindCompletedAnnotation = "pv.kubernetes.io/bind-completed";
    public const string BoundByControllerAnnotation = "pv.kubernetes.io/bound-by-controller";
    public const string ProvisionedByAnnotation = "pv.kubernetes.io/provisioned-by";
    public const string DefaultStorageClassAnnotation = "storageclass.kubernetes.io/is-default-class";
    public const string WaitForFirstConsumer = "WaitForFirstConsumer";
    public const string VolumeNamePrefix = "pvc-";
    public const string ProvisioningFailedReason = "ProvisioningFailed";
    public const string ProvisioningSucceededReason = "ProvisioningSucceeded";
}
