using System.Text;

namespace Harness.Scenarios.Worlds;

/// <summary>Everything a scenario's cluster holds before its operations start; the first driver's class is the default.</summary>
public sealed record WorldSpec(IReadOnlyList<string> Namespaces, IReadOnlyList<DriverSpec> Drivers, IReadOnlyList<VmSpec> VirtualMachines)
{
    public VmSpec? Find(string namespaceName, string name) =>
        VirtualMachines.FirstOrDefault(vm => vm.Namespace == namespaceName && vm.Name == name);

    /// <summary>One line per driver and VM, as failure reports print the (shrunk) case.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var driver in Drivers)
        {
            text.Append("driver ").Append(driver.Name).Append(driver.SnapshotsSupported ? " snapshots" : " no-snapshots")
                .Append(" class ").Append(driver.StorageClass).Append(driver.WaitForFirstConsumer ? " WaitForFirstConsumer" : " Immediate")
                .Append(driver.RestoreSizeRoundingMi > 0 ? $" rounds-to {driver.RestoreSizeRoundingMi}Mi" : "").AppendLine();
        }

        foreach (var vm in VirtualMachines)
        {
            text.Append("vm ").Append(vm.Key).Append(' ').Append(vm.State).Append(vm.GuestAgent ? " agent" : " no-agent");
            var faults = vm.DescribeFaults();
            if (faults.Length > 0)
            {
                text.Append(" faults ").Append(faults);
            }

            text.Append(" disks ").AppendJoin(", ", vm.Disks.Select(d => $"{d.Name}({d.StorageClass} {d.SizeMi}Mi)")).AppendLine();
        }

        return text.ToString();
    }
}
