namespace Harness.Simulators.Csi.Provisioner;

/// <summary>A claim that cannot be provisioned as it stands (bad source, size below the snapshot's): reported as a ProvisioningFailed event and retried.</summary>
internal sealed class ProvisioningException(string message) : Exception(message);
