using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Harness.EnvTest.Admission;
using Harness.EnvTest.Errors;
using Harness.EnvTest.OpenApi;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Resources;
using Harness.EnvTest.Routing;
using Harness.EnvTest.Selectors;
using Harness.EnvTest.Serialization;
using Harness.EnvTest.Serialization.GoYaml;
using Harness.EnvTest.Serialization.Protobuf;
using Harness.EnvTest.Storage;
using Harness.EnvTest.Tables;
using k8s.Models;

namespace Harness.EnvTest.Core;

/// <summary>
/// The embedded Kubernetes API server core: routing, discovery, the versioned store, watches,
/// admission, custom resources and aggregated APIs, behind the transport-neutral <see cref="IApiHandler"/>.
/// </summary>
public sealed partial class ApiServer : IApiHandler, IAsyncDisposable
{
    private static readonly string[] InitialNamespaces = ["default", "kube-node-lease", "kube-public", "kube-system"];

    private readonly ApiServerOptions options;
    private readonly TimeProvider time;
    private readonly Random random;
    private readonly Lock randomGate = new();
    private readonly VersionedObjectStore store;
    private readonly ResourceRegistry registry;
    private readonly AdmissionChain admission;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> background = [];
    private readonly RegistryOpenApiDocuments openApi = new();
    private ITableConverter tableConverter;
    private int controllersStarted;
    private long requestsHandled;

    /// <summary>Creates a server holding the initial namespaces; starts its controllers unless disabled.</summary>
    public ApiServer(ApiServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        time = this.options.TimeProvider;
        random = new Random(this.options.Seed);
        tableConverter = new PrinterColumnTableConverter(time);
        store = new VersionedObjectStore(this.options.EventHistoryLimit);
        registry = new ResourceRegistry(BuiltInResources.Create());
        admission = new AdmissionChain(
            this.options.WebhookCaller ?? new HttpWebhookCaller(), ListWebhookConfigurations, NewUid,
            ns => store.Get(NamespacesKey, ns)?.Labels, def => registry.Current.ByStorageKey(def.StorageKey).Where(v => v.Plural == def.Plural && v.Group == def.Group));
        foreach (var ns in InitialNamespaces)
        {
            CreateInitialNamespace(ns);
        }

        if (this.options.RunControllers)
        {
            StartControllers();
        }
    }

    /// <summary>The store's current revision (the resourceVersion of the latest change).</summary>
    public long CurrentRevision => store.Revision;

    /// <summary>How many requests <see cref="HandleAsync"/> has answered or started to answer (watches included).</summary>
    public long RequestsHandled => Interlocked.Read(ref requestsHandled);

    /// <summary>Answers one Kubernetes REST request.</summary>
    public async ValueTask<ApiResponse> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Interlocked.Increment(ref requestsHandled);
        try
        {
            return WithWarnings(await DispatchAsync(request, cancellationToken), request);
        }
        catch (ApiStatusException e)
        {
            return WithWarnings(Encoded(Failure(e), AcceptNegotiation.ForStatus(request.Accept, protobuf: true)), request);
        }
        catch (SelectorException e)
        {
            return Failure(ApiErrors.BadRequest(e.Message));
        }
        catch (HandlerPanicException)
        {
            return new AbortedApiResponse();
        }
    }

    /// <summary>
    /// Serves <c>/apis/{group}/{version}/...</c> from <paramref name="backend"/> (requests are forwarded unchanged),
    /// lists the group in discovery with <paramref name="resources"/>, and stores a matching APIService.
    /// </summary>
    public void RegisterAggregatedApi(string group, string version, IApiHandler backend, IReadOnlyList<V1APIResource> resources)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(resources);
        registry.SetAggregated(group, version, backend, resources);
        StoreApiService(group, version);
    }

    /// <summary>Adds an in-process mutating admission handler; handlers run in registration order, before validation.</summary>
    public void RegisterMutatingAdmission(string name, IReadOnlyList<AdmissionRule> rules, IAdmissionHandler handler, AdmissionFailurePolicy failurePolicy = AdmissionFailurePolicy.Fail) =>
        admission.Register(new AdmissionRegistration(name, rules, handler, failurePolicy, Mutating: true));

    /// <summary>Adds an in-process validating admission handler; handlers run in registration order, after mutation.</summary>
    public void RegisterValidatingAdmission(string name, IReadOnlyList<AdmissionRule> rules, IAdmissionHandler handler, AdmissionFailurePolicy failurePolicy = AdmissionFailurePolicy.Fail) =>
        admission.Register(new AdmissionRegistration(name, rules, handler, failurePolicy, Mutating: false));

    /// <summary>Drops the watch history, as an etcd compaction at the current revision: older resourceVersions answer 410.</summary>
    public void CompactHistory() => store.Compact();

    /// <summary>Ends every open watch, as a restarting API server does: clients watch again from the last resourceVersion they saw.</summary>
    public void CloseWatches() => store.CloseWatches();

    /// <summary>Stops the controllers and ends every open watch.</summary>
    public async ValueTask DisposeAsync()
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        stopping.Cancel();
        CloseWatches();
        Task[] tasks;
        lock (background)
        {
            tasks = [.. background];
        }

        foreach (var task in tasks)
        {
            try
            {
                await task;
            }
            catch (OperationCanceledException)
            {
            }
        }

        stopping.Dispose();
    }

    internal void SetTableConverter(ITableConverter converter) => tableConverter = converter;

    private static BufferedApiResponse Json(int code, byte[] body) => new(code, "application/json", body);

    private static BufferedApiResponse Failure(ApiStatusException e) => Json(e.Code, StatusWriter.Failure(e));

    private async ValueTask<ApiResponse> DispatchAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var snapshot = registry.Current;
        var route = RouteParser.Parse(request.Path, (g, v) => snapshot.FindAggregated(g, v) is not null);
        switch (route.Kind)
        {
            case RouteKind.Health:
                return new BufferedApiResponse(200, "text/plain; charset=utf-8", "ok"u8.ToArray());
            case RouteKind.Version:
                return Json(200, Discovery.DiscoveryDocuments.Version());
            case RouteKind.OpenApi:
                return OpenApiEndpoint.Handle(request, openApi.For(snapshot));
            case RouteKind.Root:
                return Json(200, Discovery.DiscoveryDocuments.RootPaths(snapshot));
            case RouteKind.CoreVersions:
                return Discovery.DiscoveryDocuments.WantsAggregated(request.Accept)
                    ? new BufferedApiResponse(200, Discovery.DiscoveryDocuments.AggregatedContentType, Discovery.DiscoveryDocuments.Aggregated(snapshot, core: true))
                    : Json(200, Discovery.DiscoveryDocuments.CoreVersions());
            case RouteKind.GroupList:
                return Discovery.DiscoveryDocuments.WantsAggregated(request.Accept)
                    ? new BufferedApiResponse(200, Discovery.DiscoveryDocuments.AggregatedContentType, Discovery.DiscoveryDocuments.Aggregated(snapshot, core: false))
                    : Json(200, Discovery.DiscoveryDocuments.GroupList(snapshot));
            case RouteKind.Group:
                return Discovery.DiscoveryDocuments.Group(snapshot, route.Group) is { } group ? Json(200, group) : PathNotFound(route.Group);
            case RouteKind.ResourceList:
                if (route.Group.Length == 0 && route.Version != "v1")
                {
                    throw ApiErrors.NotFoundPath();
                }

                return Discovery.DiscoveryDocuments.ResourceList(snapshot, route.Group, route.Version) is { } resources ? Json(200, resources) : PathNotFound(route.Group);
            case RouteKind.Aggregated:
                return await ForwardAggregatedAsync(snapshot, route, request, cancellationToken);
            case RouteKind.Resource:
                return await HandleResourceAsync(snapshot, route, request, cancellationToken);
            default:
                throw ApiErrors.NotFoundPath();
        }
    }

    /// <summary>A path no handler serves: kube's own groups answer a NotFound Status, the rest Go's <c>http.NotFound</c>.</summary>
    private static BufferedApiResponse PathNotFound(string group) => BuiltInScheme.IsBuiltInGroup(group)
        ? Failure(ApiErrors.NotFoundPath())
        : new BufferedApiResponse(404, "text/plain; charset=utf-8", "404 page not found\n"u8.ToArray());

    private async ValueTask<ApiResponse> ForwardAggregatedAsync(RegistrySnapshot snapshot, Route route, ApiRequest request, CancellationToken cancellationToken)
    {
        var path = request.Path.TrimEnd('/');
        if (path == $"/apis/{route.Group}/{route.Version}" && request.Method == "GET")
        {
            return Json(200, Discovery.DiscoveryDocuments.ResourceList(snapshot, route.Group, route.Version)!);
        }

        return await snapshot.FindAggregated(route.Group, route.Version)!.Backend.HandleAsync(request, cancellationToken);
    }

    private async ValueTask<ApiResponse> HandleResourceAsync(RegistrySnapshot snapshot, Route route, ApiRequest request, CancellationToken cancellationToken)
    {
        var def = snapshot.Find(route.Group, route.Version, route.Resource);
        if (def is null || (route.Namespace.Length > 0 && !def.Namespaced))
        {
            return PathNotFound(route.Group);
        }

        if (IsPodAction(def, route.Subresource, "eviction"))
        {
            return await EvictAsync(def, route, request, cancellationToken);
        }

        if (IsPodAction(def, route.Subresource, "binding"))
        {
            return Bind(def, route, request);
        }

        if (IsPodConnect(def, route.Subresource))
        {
            return ConnectPod(def, route, request);
        }

        if (route.Subresource is { } sub && !(sub == "status" && def.HasStatus) && !(sub == "finalize" && def.Plural == "namespaces" && def.Group.Length == 0)
            && PartOf(def, sub) is null)
        {
            throw def.IsCustom ? ApiErrors.NotFound(def.Plural, def.Group, route.Name!) : ApiErrors.NotFoundPath();
        }

        if (PartOf(def, route.Subresource) is not null && request.Method is not ("GET" or "PUT" or "PATCH"))
        {
            throw ApiErrors.MethodNotAllowedOnPath();
        }

        var output = Negotiate(def, request.Accept);
        return Encoded(await AnswerResourceAsync(def, route, request, output, cancellationToken), output.Media);
    }

    private async ValueTask<ApiResponse> AnswerResourceAsync(ResourceDefinition def, Route route, ApiRequest request, OutputFormat output, CancellationToken cancellationToken)
    {
        var watch = route.WatchPrefix || IsTrue(request.Query, "watch");
        switch (request.Method)
        {
            case "GET" when watch:
                return Watch(def, route, request);
            case "GET" when route.Name is null:
                return List(def, route.Namespace, request, output);
            case "GET":
                return Get(def, route, request, output);
            case "POST" when route.Name is null && (route.Namespace.Length > 0 || !def.Namespaced):
                return await CreateAsync(def, route.Namespace, request, cancellationToken);
            case "PUT" when route.Name is not null:
                return await UpdateAsync(def, route, request, cancellationToken);
            case "PATCH" when route.Name is not null:
                return await PatchAsync(def, route, request, cancellationToken);
            case "DELETE" when route.Name is not null:
                return await DeleteAsync(def, route, request, cancellationToken);
            case "DELETE":
                return await DeleteCollectionAsync(def, route.Namespace, request, cancellationToken);
            default:
                throw ApiErrors.MethodNotSupported(def.Plural, def.Group, VerbOf(request.Method, route.Name is null));
        }
    }

    /// <summary>The strategy of <paramref name="subresource"/> when it is one of <paramref name="def"/>'s part subresources.</summary>
    private static IPartSubresourceStrategy? PartOf(ResourceDefinition def, string? subresource) =>
        subresource is not null && def.Strategy?.PartSubresources.TryGetValue(subresource, out var part) == true ? part : null;

    private static string VerbOf(string method, bool collection) => method switch
    {
        "GET" => collection ? "list" : "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => collection ? "deletecollection" : "delete",
        _ => method.ToLowerInvariant(),
    };

    private static OutputFormat Negotiate(ResourceDefinition def, string? accept) =>
        AcceptNegotiation.ForObjects(accept, ServesProtobuf(def)) is var (media, table) ? new OutputFormat(media, table) : throw ApiErrors.NotAcceptable(routed: !def.IsCustom);

    /// <summary>
    /// Whether kube answers <paramref name="def"/>'s objects in protobuf: a built-in kind (here, one whose messages this
    /// server has); a custom resource's protobuf entries are passed over (its objects are unstructured).
    /// </summary>
    private static bool ServesProtobuf(ResourceDefinition def) => ProtobufKinds.FormOf(def) == ProtobufForm.Message;

    /// <summary>A JSON answer re-encoded as <paramref name="media"/> asks (kube encodes the same object once per encoding).</summary>
    private static ApiResponse Encoded(ApiResponse response, ResponseMedia media) =>
        media == ResponseMedia.Json || response is not BufferedApiResponse { ContentType: "application/json" } buffered
            ? response
            : new BufferedApiResponse(
                buffered.StatusCode,
                media.ContentType(),
                media == ResponseMedia.Yaml ? GoYamlWriter.FromJson(buffered.Body.Span) : ProtobufAnswer.FromJson(buffered.Body.Span))
            {
                RetryAfterSeconds = buffered.RetryAfterSeconds,
            };

    private static bool IsTrue(IReadOnlyDictionary<string, string> query, string name) =>
        query.TryGetValue(name, out var value) && (value == "true" || value == "1");

    private static bool IsDryRun(ApiRequest request) =>
        request.Query.TryGetValue("dryRun", out var value) && value == "All"
            ? true
            : request.Query.TryGetValue("dryRun", out var other) && other.Length > 0
                ? throw ApiErrors.BadRequest($"dryRun: Unsupported value: \"{other}\": supported values: \"All\"")
                : false;

    private string NewUid()
    {
        Span<byte> bytes = stackalloc byte[16];
        lock (randomGate)
        {
            random.NextBytes(bytes);
        }

        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    private string RandomSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        var builder = new StringBuilder(5);
        lock (randomGate)
        {
            for (var i = 0; i < 5; i++)
            {
                builder.Append(alphabet[random.Next(alphabet.Length)]);
            }
        }

        return builder.ToString();
    }

    private string Now() => time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private byte[] Served(ResourceDefinition def, StoredObject obj)
    {
        var json = IsStale(def, obj) ? ObjectJson.Serialize(StoredForm(def, obj), ObjectEncoding.Unstructured) : obj.Json;
        return def.Converter is { ServesStoredForm: false } converter ? ObjectJson.Serialize(converter.FromStorage(ObjectJson.Parse(json)), def.ServedEncoding)
            : def.Version == def.StorageVersion ? json : ObjectJson.WithApiVersion(json, def.ApiVersion);
    }

    /// <summary>The stored object as a read from etcd decodes it: a custom object written before its CRD last changed is pruned and defaulted anew.</summary>
    private static JsonObject StoredForm(ResourceDefinition def, StoredObject obj)
    {
        var parsed = ObjectJson.Parse(obj.Json);
        if (IsStale(def, obj))
        {
            ApplySchema(def, parsed);
        }

        return parsed;
    }

    private static bool IsStale(ResourceDefinition def, StoredObject obj) => def.IsCustom && def.Schema is not null && obj.Revision < def.SchemaRevision;

    private void CreateInitialNamespace(string name)
    {
        var obj = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = name },
        };
        var def = registry.Current.Find(string.Empty, "v1", "namespaces")!;
        def.Strategy!.PrepareForCreate(obj);
        var metadata = ObjectJson.Metadata(obj);
        metadata["uid"] = NewUid();
        metadata["creationTimestamp"] = Now();
        store.Mutate(def.StorageKey, name, (_, revision) => StoreChange.Put(Freeze(obj, string.Empty, name, revision, def.Encoding)));
    }

    /// <summary>
    /// Starts the garbage collector and the namespace controller when <see cref="ApiServerOptions.RunControllers"/> was false
    /// (the embedded backend starts them once its CRDs are installed); does nothing when they already run.
    /// </summary>
    public void StartControllers()
    {
        ObjectDisposedException.ThrowIf(stopping.IsCancellationRequested, this);
        if (Interlocked.Exchange(ref controllersStarted, 1) == 1)
        {
            return;
        }

        var client = options.ControllerClient?.Invoke(this) ?? CreateClient();
        lock (background)
        {
            background.AddRange(Controllers.MetadataControllers.Start(
                client, options.TaskFactory, time, new Random(unchecked((options.Seed * 31) + 11)), stopping.Token));
        }
    }

    /// <summary>Serializes <paramref name="obj"/> as <paramref name="encoding"/> says and stores it at <paramref name="revision"/> (413 when too large).</summary>
    private static StoredObject Freeze(JsonObject obj, string ns, string name, long revision, ObjectEncoding encoding)
    {
        var stored = Freeze(SerializedObject.Of(obj, ns, name, encoding), revision);
        ObjectJson.Metadata(obj)["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture);
        return stored;
    }

    /// <summary>The object serialized beforehand (outside the store lock), stored at <paramref name="revision"/> (413 when too large).</summary>
    private static StoredObject Freeze(SerializedObject serialized, long revision)
    {
        var stored = serialized.At(revision);
        return stored.Json.Length > ApiServerConstants.MaxObjectBytes ? throw ApiErrors.ObjectTooLarge() : stored;
    }
}
