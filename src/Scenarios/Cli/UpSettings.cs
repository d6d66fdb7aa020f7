using Harness.Scenarios.Cluster;

namespace Harness.Scenarios.Cli;

/// <summary>What <c>harness up</c> was asked to run beside the API server, and how much it says.</summary>
/// <param name="Controller">Where the snapshot/restore controller runs (<c>--controller in-process|process</c>), if at all (<c>none</c>: bring your own).</param>
/// <param name="Quiet">Print only the two lines scripts read (<c>export KUBECONFIG=...</c> and <c>ready</c>), not what runs.</param>
/// <param name="KubeconfigPath">The absolute path of the API server's kubeconfig, known before the server starts (it is written once the server serves).</param>
/// <param name="StartsEmpty">The API server starts with no objects (the embedded one, nothing loaded): there is no storage to adopt, so the CSI driver processes start beside it.</param>
public sealed record UpSettings(ControllerPlacement Controller, bool Quiet, string KubeconfigPath, bool StartsEmpty);
