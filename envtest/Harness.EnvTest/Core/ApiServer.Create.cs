using System.Text.Json.Nodes;
using Harness.EnvTest.Admission;
using Harness.EnvTest.Crds;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Resources;
using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Core;

/// <summary>POST: create.</summary>
public sealed partial class ApiServer
{
    private async ValueTask<ApiResponse> CreateAsync(ResourceDefinition def, string ns, ApiRequest request, CancellationToken cancellationToken)
    {
        ValidateFieldManager(request, "CreateOptions");
        if (!IsCrd(def) || request.Query.ContainsKey("dryRun"))
        {
            return await CreateObjectAsync(def, ns, DecodeFor(def, request), request, recordManagedFields: true, cancellationToken);
        }

        var crdCreate = AcceptedCrdCreates.RequestOf(def.ApiVersion, Now(), request);
        return AcceptedCrdCreates.Find(crdCreate) is { } accepted
            ? await CreateAcceptedCrdAsync(def, accepted, request, cancellationToken)
            : await CreateObjectAsync(def, ns, DecodeFor(def, request), request, recordManagedFields: true, cancellationToken, crdCreate);
    }

    /// <summary>
    /// A create whose object, as prepared for admission, an earlier create of the same request at the same time accepted
    /// (<see cref="AcceptedCrdCreates"/>).
    /// </summary>
    private ValueTask<ApiResponse> CreateAcceptedCrdAsync(ResourceDefinition def, JsonObject obj, ApiRequest request, CancellationToken cancellationToken)
    {
        var name = ObjectJson.String(ObjectJson.Metadata(obj), "name") ?? string.Empty;
        CheckNamespaceForCreate(def, string.Empty, name);
        return AdmitAndStoreAsync(def, string.Empty, name, string.Empty, obj, request, dryRun: false, accepted: true, remember: null, cancellationToken);
    }

    /// <summary>
    /// Creates <paramref name="obj"/>, recording the create in managed fields under the request's field manager
    /// unless the object already carries them (server-side apply).
    /// </summary>
    private async ValueTask<ApiResponse> CreateObjectAsync(
        ResourceDefinition def, string ns, JsonObject obj, ApiRequest request, bool recordManagedFields, CancellationToken cancellationToken,
        AcceptedCrdCreates.Request? crdCreate = null)
    {
        var dryRun = IsDryRun(request);
        if (def.IsCustom && registry.IsTerminating(def))
        {
            throw ApiErrors.MethodNotSupported(def.Plural, def.Group, "create");
        }

        var metadata = ObjectJson.Metadata(obj);
        if (def.Namespaced)
        {
            var bodyNamespace = ObjectJson.String(metadata, "namespace");
            if (!string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != ns)
            {
                throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            metadata["namespace"] = ns;
        }
        else
        {
            metadata.Remove("namespace");
        }

        var generateName = ObjectJson.String(metadata, "generateName") ?? string.Empty;
        var name = ObjectJson.String(metadata, "name") ?? string.Empty;
        if (name.Length == 0 && generateName.Length > 0)
        {
            name = generateName + RandomSuffix();
            metadata["name"] = name;
        }

        CheckNamespaceForCreate(def, ns, name);

        // kube's order: the field manager, then mutating admission (its plugins, then webhooks), then the registry's
        // BeforeCreate (the strategy, uid, creationTimestamp): what admission and the strategy set is no manager's.
        if (recordManagedFields)
        {
            RecordUpdate(def, null, request, null, obj);
        }

        def.Strategy?.Default(obj);
        ApplySchema(def, obj, request);
        def.Strategy?.AdmitCreate(obj);
        (AcceptedCrdCreates.Request, JsonObject)? remember = crdCreate is not null && generateName.Length == 0 ? (crdCreate, (JsonObject)obj.DeepClone()) : null;
        return await AdmitAndStoreAsync(def, ns, name, generateName, obj, request, dryRun, accepted: false, remember, cancellationToken);
    }

    /// <summary>
    /// Admits, stamps, validates and stores an object prepared for create. An <paramref name="accepted"/> object that
    /// admission leaves unchanged is not validated again; a <paramref name="remember"/>ed one is, when admission leaves it
    /// unchanged and it added no warning, accepted for later creates of its request.
    /// </summary>
    private async ValueTask<ApiResponse> AdmitAndStoreAsync(
        ResourceDefinition def, string ns, string name, string generateName, JsonObject obj, ApiRequest request, bool dryRun, bool accepted,
        (AcceptedCrdCreates.Request Request, JsonObject Prepared)? remember, CancellationToken cancellationToken)
    {
        var metadata = ObjectJson.Metadata(obj);
        var mutated = await admission.AdmitAsync(AdmissionOperation.Create, def, ns, name, null, obj, null, dryRun, request.User, cancellationToken);
        if (mutated is not null)
        {
            obj = mutated;
            metadata = ObjectJson.Metadata(obj);
            ApplySchema(def, obj);
        }

        if (def.HasStatus)
        {
            obj.Remove("status");
        }

        def.Strategy?.PrepareForCreate(obj);
        def.Strategy?.StampTime(obj, null, Now());
        ClearServerMetadata(metadata);
        metadata["uid"] = NewUid();
        metadata["creationTimestamp"] = Now();
        if (def.Generation == GenerationPolicy.None)
        {
            metadata.Remove("generation");
        }
        else
        {
            metadata["generation"] = 1;
        }

        PrepareCrd(def, obj);
        if (!accepted || mutated is not null)
        {
            Validate(def, obj, null, request);
        }

        if (remember is { } create && mutated is null && request.Warnings.Count == 0 && request.StrictErrors.Count == 0 && Now() == create.Request.Now)
        {
            AcceptedCrdCreates.Remember(create.Request, create.Prepared);
        }

        await admission.ValidateAsync(AdmissionOperation.Create, def, ns, name, null, obj, null, dryRun, request.User, cancellationToken);
        if (dryRun)
        {
            if (store.Get(def.StorageKey, StoredObject.KeyOf(ns, name)) is not null)
            {
                throw ApiErrors.AlreadyExists(def.Plural, def.Group, name);
            }

            var preview = ObjectJson.Serialize(obj, def.Encoding);
            return preview.Length > ApiServerConstants.MaxObjectBytes ? throw ApiErrors.ObjectTooLarge() : Json(201, preview);
        }

        if (!string.IsNullOrEmpty(ObjectJson.String(ObjectJson.Metadata(obj), "resourceVersion")))
        {
            throw ApiErrors.Storage("resourceVersion should not be set on objects to be created"); // etcd3's check, after validation, skipped by dry runs
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var serialized = SerializedObject.Of(obj, ns, name, def.Encoding);
                var committed = store.Mutate(def.StorageKey, StoredObject.KeyOf(ns, name), (current, revision) =>
                    current is not null ? throw ApiErrors.AlreadyExists(def.Plural, def.Group, name) : StoreChange.Put(Freeze(serialized, revision)))!;
                AfterCommit(def, committed);
                return Json(201, Served(def, committed.Object));
            }
            catch (ApiStatusException e) when (e.Code == 409 && generateName.Length > 0 && attempt < 8)
            {
                name = generateName + RandomSuffix();
                metadata["name"] = name;
            }
        }
    }
}
