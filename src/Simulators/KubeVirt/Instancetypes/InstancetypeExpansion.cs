using System.Globalization;
using System.Text.Json.Nodes;
using Harness.Api.Instancetypes;
using Harness.Simulators.KubeVirt.Objects;
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
    public static void ThrowOnConflicts(JsonObject instancetypeSpec, JsonObject templateSpec)
    {
        var domain = templateSpec.Obj("domain");
        var conflicts = new List<string>();
        void Check(bool set, params string[] path)
        {
            if (set)
            {
                conflicts.Add($"{TemplateSpecPath}.domain.{string.Join('.', path)}");
            }
        }

        foreach (var kind in new[] { "requests", "limits" })
        {
            Check(domain.Node("resources", kind, "cpu") is not null, "resources", kind, "cpu");
        }

        foreach (var level in new[] { "sockets", "cores", "threads" })
        {
            Check(domain.Node("cpu", level) is JsonValue v && v.GetValue<long>() != 0, "cpu", level);
        }

        Check(domain.Str("cpu", "model") is { Length: > 0 } && instancetypeSpec.Str("cpu", "model") is not null, "cpu", "model");
        Check(domain.Node("memory") is not null, "memory");
        foreach (var kind in new[] { "requests", "limits" })
        {
            Check(domain.Node("resources", kind, "memory") is not null, "resources", kind, "memory");
        }

        if (conflicts.Count > 0)
        {
            throw new InvalidOperationException($"VM field(s) {string.Join(", ", conflicts)} conflicts with selected instance type");
        }
    }

    /// <summary>Expands the instance type and preference (the objects their ControllerRevisions hold) into a VMI being started.</summary>
    public static void Apply(JsonObject vmi, JsonObject vm, JsonObject? instancetype, JsonObject? preference)
    {
        var annotations = vmi.Ensure("metadata", "annotations");
        Annotate(annotations, vm, InstancetypeField.Instancetype, instancetype);
        Annotate(annotations, vm, InstancetypeField.Preference, preference);
        if (instancetype is null)
        {
            return;
        }

        var spec = instancetype.Obj("spec");
        var domain = vmi.Ensure("spec", "domain");
        ThrowOnConflicts(spec, vmi.Obj("spec"));
        var cpu = domain.Ensure("cpu");
        if (spec.Str("cpu", "model") is { } model)
        {
            cpu["model"] = model;
        }

        var (sockets, cores, threads) = Topology(spec.Node("cpu", "guest")?.GetValue<uint>() ?? 1, preference?.Obj("spec"));
        (cpu["sockets"], cpu["cores"], cpu["threads"]) = (sockets, cores, threads);

        var guest = spec.Str("memory", "guest") ?? spec.Node("memory", "guest")?.ToJsonString() ?? "0";
        domain["memory"] = new JsonObject { ["guest"] = guest };
        if (spec.Node("memory", "overcommitPercent")?.GetValue<int>() is > 0 and var percent)
        {
            // virt-controller computes the request in single precision.
            var bytes = (long)((float)new ResourceQuantity(guest).ToDecimal() * (1 - ((float)percent / 100)));
            domain.Ensure("resources", "requests")["memory"] = new ResourceQuantity(bytes, 0, ResourceQuantity.SuffixFormat.BinarySI).CanonicalizeString();
        }
    }

    /// <summary>KubeVirt's <c>applyGuestCPUTopology</c>: one socket, core and thread each, then the preferred level takes the vCPUs.</summary>
    public static (uint Sockets, uint Cores, uint Threads) Topology(uint vcpus, JsonObject? preferenceSpec)
    {
        if (vcpus == 1)
        {
            return (1, 1, 1);
        }

        var topology = (preferenceSpec?.Str("cpu", "preferredCPUTopology") ?? InstancetypeApi.CpuTopologies.Sockets).ToLowerInvariant();
        if (topology.StartsWith("prefer", StringComparison.Ordinal))
        {
            topology = topology["prefer".Length..];
        }

        var ratio = preferenceSpec?.Node("cpu", "spreadOptions", "ratio")?.GetValue<uint>() ?? InstancetypeApi.DefaultSpreadRatio;
        return topology switch
        {
            InstancetypeApi.CpuTopologies.Cores => (1, vcpus, 1),
            InstancetypeApi.CpuTopologies.Threads => (1, 1, vcpus),
            InstancetypeApi.CpuTopologies.Spread => (preferenceSpec?.Str("cpu", "spreadOptions", "across") ?? InstancetypeApi.SpreadAcross.SocketsCores) switch
            {
                InstancetypeApi.SpreadAcross.CoresThreads => (1, vcpus / ratio, ratio),
                InstancetypeApi.SpreadAcross.SocketsCoresThreads => (vcpus / 2 / ratio, ratio, 2),
                _ => (vcpus / ratio, ratio, 1),
            },
            _ => (vcpus, 1, 1),
        };
    }

    private static void Annotate(JsonObject annotations, JsonObject vm, InstancetypeField field, JsonObject? revisionObject)
    {
        if (revisionObject is null || field.Matcher(vm) is not { } matcher)
        {
            return;
        }

        var clusterWide = field.ResourceOf(matcher) == field.Cluster;
        annotations[clusterWide ? field.ClusterInstanceAnnotation : field.InstanceAnnotation] = matcher.Str("name") ?? revisionObject.Name();
    }
}
