using System.Text.Json.Nodes;
using Harness.Api.Clones;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Objects;
using k8s.Autorest;

namespace Harness.Simulators.KubeVirt.Clones;

/// <summary>What the clone controller creates (the snapshot, the restore) and its status with the conditions.</summary>
internal sealed partial class CloneController
{
    /// <summary>The letters of apimachinery's <c>rand.String</c>.</summary>
    private const string SuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private async Task<string> CreateSnapshotAsync(JsonObject clone, string vm, CancellationToken ct)
    {
        var name = Named(clone, "snapshot", $"clone-{clone.Name()}-snapshot-{vm}");
        var body = new JsonObject
        {
            ["metadata"] = Metadata(clone, name),
            ["spec"] = new JsonObject { ["source"] = new JsonObject { ["apiGroup"] = "kubevirt.io", ["kind"] = "VirtualMachine", ["name"] = vm } },
        };
        if (await CreateAsync(CustomResource.VirtualMachineSnapshots, body, ct))
        {
            await RecordAsync(clone, CloneApi.Events.SnapshotCreated, $"created snapshot {name} for clone {clone.Name()}", ct);
        }

        return name;
    }

    private async Task<string> CreateRestoreAsync(JsonObject clone, JsonObject snapshot, CancellationToken ct)
    {
        var contentName = snapshot.Str("status", "virtualMachineSnapshotContentName") ?? "";
        var vm = cache.Contents.Get(new ObjectKey(clone.Namespace(), contentName))?.Node("spec", "source", "virtualMachine") as JsonObject
            ?? throw new InvalidOperationException($"cannot get VM manifest from snapshot: snapshot content {contentName} in namespace {clone.Namespace()} does not exist");
        var vmName = vm.Name();
        var target = clone.Str("spec", "target", "name") is { Length: > 0 } named ? named : Named(clone, "target", $"{vmName}-clone");
        var name = Named(clone, "restore", $"clone-{clone.Name()}-restore-{vmName}");
        var body = new JsonObject
        {
            ["metadata"] = Metadata(clone, name),
            ["spec"] = new JsonObject
            {
                ["target"] = new JsonObject { ["apiGroup"] = "kubevirt.io", ["kind"] = "VirtualMachine", ["name"] = target },
                ["virtualMachineSnapshotName"] = snapshot.Name(),
                ["patches"] = new JsonArray([.. ClonePatches.For(vm, clone.Obj("spec")).Select(p => (JsonNode)p)]),
            },
        };
        try
        {
            if (await CreateAsync(CustomResource.VirtualMachineRestores, body, ct))
            {
                await RecordAsync(clone, CloneApi.Events.RestoreCreated, $"created restore {name} for clone {clone.Name()}", ct);
            }
        }
        catch (HttpOperationException e)
        {
            var message = $"failed creating restore {name} for clone {clone.Name()}: {e.Response.Content}";
            await events.RecordAsync(CustomResource.VirtualMachineClones.Reference(clone), EventRecorder.Warning, CloneApi.Events.RestoreCreationFailed, message, ct);
            throw new InvalidOperationException(message, e);
        }

        return name;
    }

    /// <returns>Whether it was created now (false: it existed, from an earlier pass whose status write was lost).</returns>
    private async Task<bool> CreateAsync(CustomResource resource, JsonObject body, CancellationToken ct)
    {
        try
        {
            await writer.CreateAsync(resource, body, ct);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    private static JsonObject Metadata(JsonObject clone, string name) => new()
    {
        ["name"] = name,
        ["namespace"] = clone.Namespace(),
        ["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = CustomResource.VirtualMachineClones.ApiVersion,
            ["kind"] = CustomResource.VirtualMachineClones.Kind,
            ["name"] = clone.Name(),
            ["uid"] = clone.Uid(),
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        }),
    };

    /// <summary>
    /// <paramref name="prefix"/> and five random letters (KubeVirt's <c>generateNameWithRandomSuffix</c>; a prefix past
    /// 252 characters becomes <c>clone-object</c>), drawn from a seed of the clone's UID and <paramref name="purpose"/>, so
    /// a retried pass names the same object.
    /// </summary>
    private string Named(JsonObject clone, string purpose, string prefix)
    {
        var random = new Random((int)(options.Runtime.Seed.Derive($"{clone.Uid()}/{purpose}").Value & int.MaxValue));
        var suffix = new string([.. Enumerable.Range(0, 5).Select(_ => SuffixAlphabet[random.Next(SuffixAlphabet.Length)])]);
        return $"{(prefix.Length > 252 ? "clone-object" : prefix)}-{suffix}";
    }

    /// <summary>
    /// Writes the status when it changed: Succeeded has Progressing False and Ready True (reason <c>Ready</c>), Failed
    /// both False (<c>Failed</c>), any other phase Progressing True and Ready False (<c>Still processing</c>); a
    /// condition's transition time moves only when its status does.
    /// </summary>
    private async Task WriteStatusAsync(CloneStep step, CancellationToken ct)
    {
        var (progressing, ready, reason) = step.Phase switch
        {
            CloneApi.Phases.Succeeded => ("False", "True", CloneApi.ReasonReady),
            CloneApi.Phases.Failed => ("False", "False", CloneApi.ReasonFailed),
            _ => ("True", "False", CloneApi.ReasonStillProcessing),
        };
        var old = step.Clone.Obj("status");
        step.Status["conditions"] = new JsonArray(Condition(old, "Progressing", progressing, reason), Condition(old, "Ready", ready, reason));
        var patch = new JsonObject();
        foreach (var (name, value) in step.Status)
        {
            if (!JsonNode.DeepEquals(old[name], value))
            {
                patch[name] = value?.DeepClone();
            }
        }

        if (patch.Count > 0)
        {
            await writer.PatchStatusAsync(CustomResource.VirtualMachineClones, step.Clone.Key(), patch, ct);
        }
    }

    private JsonObject Condition(JsonObject oldStatus, string type, string status, string reason)
    {
        var old = oldStatus.Condition(type);
        var same = old?.Str("status") == status && old.Str("reason") == reason;
        return new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["reason"] = reason,
            ["lastTransitionTime"] = same ? old!["lastTransitionTime"]?.DeepClone() : JsonAccess.Timestamp(options.Runtime.Time.GetUtcNow()),
        };
    }
}
