using Harness.Api.Instancetypes;
using Harness.Api.KubeVirt;
using Harness.Api.Quantities;
using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Simulators.KubeVirt.Instancetypes;

/// <summary>
/// KubeVirt's instancetype applier, for what the simulator's guests use: the instance type's vCPUs (laid out as
/// the preference's CPU topology), CPU model and guest memory (less the overcommit in the pod's request) go into the
/// VMI's domain, and the VMI is annotated with the names of the instance type and preference it was started with.
/// A VM template that sets any of those itself conflicts with its instance type.
/// </summary>
internal static class InstancetypeExpansion
{
    private const string TemplateSpecPath = "spec.template.spec";

    /// <exception cref="InvalidOperationException">The template sets what the instance type fixes.</exception>
    public static void ThrowOnConflicts(VirtualMachineInstancetypeSpec instancetype, VirtualMachineInstanceSpec? templateSpec)
    {
        var domain = templateSpec?.Domain;
        var conflicts = new List<string>();
        void Check(bool set, string path)
        {
            if (set)
            {
                conflicts.Add($"{TemplateSpecPath}.domain.{path}");
            }
        }

        Check(domain?.Resources?.Requests?.ContainsKey("cpu") == true, "resources.requests.cpu");
        Check(domain?.Resources?.Limits?.ContainsKey("cpu") == true, "resources.limits.cpu");
        Check(domain?.Cpu?.Sockets is > 0, "cpu.sockets");
        Check(domain?.Cpu?.Cores is > 0, "cpu.cores");
        Check(domain?.Cpu?.Threads is > 0, "cpu.threads");
        Check(domain?.Cpu?.Model is { Length: > 0 } && instancetype.Cpu.Model is not null, "cpu.model");
        Check(domain?.Memory is not null, "memory");
        Check(domain?.Resources?.Requests?.ContainsKey("memory") == true, "resources.requests.memory");
        Check(domain?.Resources?.Limits?.ContainsKey("memory") == true, "resources.limits.memory");
        if (conflicts.Count > 0)
        {
            throw new InvalidOperationException($"VM field(s) {string.Join(", ", conflicts)} conflicts with selected instance type");
        }
    }

    /// <summary>Expands the instance type and preference (the objects their ControllerRevisions hold) into a VMI being started.</summary>
    public static void Apply(VirtualMachineInstance vmi, VirtualMachine vm, InstancetypeResource? instancetype, PreferenceResource? preference)
    {
        var annotations = vmi.Metadata.Annotations ??= new Dictionary<string, string>();
        Annotate(annotations, vm, InstancetypeField.Instancetype, instancetype);
        Annotate(annotations, vm, InstancetypeField.Preference, preference);
        if (instancetype is null)
        {
            return;
        }

        var spec = instancetype.Spec;
        var domain = vmi.Spec.Domain ??= new DomainSpec();
        ThrowOnConflicts(spec, vmi.Spec);
        var cpu = domain.Cpu ??= new DomainCpu();
        if (spec.Cpu.Model is { } model)
        {
            cpu.Model = model;
        }

        (cpu.Sockets, cpu.Cores, cpu.Threads) = Topology(spec.Cpu.Guest, preference?.Spec);

        var guest = spec.Memory.Guest ?? new Quantity("0");
        domain.Memory = new DomainMemory { Guest = guest };
        if (spec.Memory.OvercommitPercent is > 0 and var percent)
        {
            // virt-controller computes the request in single precision.
            var bytes = (long)((float)guest.Value.ToDecimal() * (1 - ((float)percent / 100)));
            var resources = domain.Resources ??= new ResourceRequirements();
            (resources.Requests ??= new Dictionary<string, Quantity>())["memory"] = Quantity.Of(new ResourceQuantity(bytes, 0, ResourceQuantity.SuffixFormat.BinarySI));
        }
    }

    /// <summary>KubeVirt's <c>applyGuestCPUTopology</c>: one socket, core and thread each, then the preferred level takes the vCPUs.</summary>
    public static (uint Sockets, uint Cores, uint Threads) Topology(uint vcpus, VirtualMachinePreferenceSpec? preference)
    {
        if (vcpus <= 1)
        {
            return (1, 1, 1);
        }

        var topology = (preference?.Cpu?.PreferredCpuTopology ?? InstancetypeApi.CpuTopologies.Sockets).ToLowerInvariant();
        if (topology.StartsWith("prefer", StringComparison.Ordinal))
        {
            topology = topology["prefer".Length..];
        }

        var spread = preference?.Cpu?.SpreadOptions;
        var ratio = spread?.Ratio ?? InstancetypeApi.DefaultSpreadRatio;
        return topology switch
        {
            InstancetypeApi.CpuTopologies.Cores => (1, vcpus, 1),
            InstancetypeApi.CpuTopologies.Threads => (1, 1, vcpus),
            InstancetypeApi.CpuTopologies.Spread => (spread?.Across ?? InstancetypeApi.SpreadAcross.SocketsCores) switch
            {
                InstancetypeApi.SpreadAcross.CoresThreads => (1, vcpus / ratio, ratio),
                InstancetypeApi.SpreadAcross.SocketsCoresThreads => (vcpus / 2 / ratio, ratio, 2),
                _ => (vcpus / ratio, ratio, 1),
            },
            _ => (vcpus, 1, 1),
        };
    }

    private static void Annotate(IDictionary<string, string> annotations, VirtualMachine vm, InstancetypeField field, Resource? revisionObject)
    {
        if (revisionObject is null || field.Matcher(vm) is not { } matcher)
        {
            return;
        }

        var clusterWide = field.ResourceOf(matcher) == field.Cluster;
        annotations[clusterWide ? field.ClusterInstanceAnnotation : field.InstanceAnnotation] = matcher.Name ?? revisionObject.Metadata.Name;
    }
}
