namespace Harness.EnvTest.Errors;

/// <summary>Builds the failures kube-apiserver answers, with its wording.</summary>
internal static class ApiErrors
{
    public const string ConflictModified =
        "the object has been modified; please apply your changes to the latest version and try again";

    public static string Qualified(string resource, string group) => group.Length == 0 ? resource : resource + "." + group;

    public static ApiStatusException NotFound(string resource, string group, string name) =>
        new(404, "NotFound", $"{Qualified(resource, group)} \"{name}\" not found", new StatusDetails(name, group, resource));

    public static ApiStatusException AlreadyExists(string resource, string group, string name) =>
        new(409, "AlreadyExists", $"{Qualified(resource, group)} \"{name}\" already exists", new StatusDetails(name, group, resource));

    /// <summary>kube's answer to a delete whose preconditions do not hold: the conflict names the kind, not the resource.</summary>
    public static ApiStatusException PreconditionConflict(string kind, string group, string name, string detail) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {Qualified(kind, group)} \"{name}\": {detail}", new StatusDetails(name, group, kind));

    /// <summary>kube's answer to an update whose <c>metadata.uid</c> is not the stored object's: etcd's storage error, as it is.</summary>
    public static ApiStatusException UidPreconditionConflict(string resource, string group, string name, string storageKey, string uid, string currentUid) =>
        Conflict(resource, group, name,
            $"StorageError: invalid object, Code: 4, Key: {storageKey}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: {uid}, UID in object meta: {currentUid}");

    public static ApiStatusException Conflict(string resource, string group, string name, string detail) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {Qualified(resource, group)} \"{name}\": {detail}", new StatusDetails(name, group, resource));

    public static ApiStatusException Invalid(string kind, string group, string name, IReadOnlyList<FieldError> errors)
    {
        var qualifiedKind = group.Length == 0 ? kind : kind + "." + group;
        var texts = errors.Select(e => e.Text).Distinct(StringComparer.Ordinal).ToList();
        var aggregate = texts.Count == 1 ? texts[0] : "[" + string.Join(", ", texts) + "]";
        var causes = errors.Select(e => new StatusCause(e.Reason, e.Message, e.Field)).ToList();
        return new ApiStatusException(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {aggregate}", new StatusDetails(name, group, kind, causes));
    }

    public static ApiStatusException Forbidden(string resource, string group, string name, string detail, IReadOnlyList<StatusCause>? causes = null)
    {
        var message = name.Length == 0
            ? $"{Qualified(resource, group)} is forbidden: {detail}"
            : $"{Qualified(resource, group)} \"{name}\" is forbidden: {detail}";
        return new ApiStatusException(403, "Forbidden", message, new StatusDetails(name, group, resource, causes));
    }

    public static ApiStatusException BadRequest(string message) => new(400, "BadRequest", message);

    /// <summary>kube's <c>transformDecodeError</c>: a body the decoder of <paramref name="expectedKind"/> could not read.</summary>
    public static ApiStatusException CannotBeHandled(string kind, string version, string expectedKind, string error) =>
        BadRequest($"{kind} in version \"{version}\" cannot be handled as a {expectedKind}: {error}");

    /// <summary>kube's answer to a body of the endpoint's type whose apiVersion is another version of it.</summary>
    public static ApiStatusException ApiVersionMismatch(string apiVersion, string expected) =>
        BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({expected})");

    /// <summary>go-restful's refusal of a method no route of the path serves (a subresource's DELETE).</summary>
    public static ApiStatusException MethodNotAllowedOnPath() =>
        new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", new StatusDetails(null, null, null));

    public static ApiStatusException MethodNotSupported(string resource, string group, string verb) =>
        new(405, "MethodNotAllowed", $"{verb} is not supported on resources of kind \"{Qualified(resource, group)}\"", new StatusDetails(null, group, resource));

    /// <summary>
    /// An Accept header naming nothing kube-apiserver serves: for a built-in resource (<paramref name="routed"/>) go-restful's
    /// refusal listing its routes' representations, for a custom resource the CRD handler's.
    /// </summary>
    public static ApiStatusException NotAcceptable(bool routed) => routed
        ? new(406, "NotAcceptable",
            "406: Not Acceptable\n\nAvailable representations: application/json, application/yaml, application/vnd.kubernetes.protobuf, application/json;stream=watch, application/vnd.kubernetes.protobuf;stream=watch",
            new StatusDetails(null, null, null))
        : new(406, "NotAcceptable", "only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf");

    /// <summary>A watch whose <c>Accept</c> names no stream encoding (YAML has none).</summary>
    public static ApiStatusException NotAcceptableStream() =>
        new(406, "NotAcceptable", "only the following media types are accepted: application/json;stream=watch, application/vnd.kubernetes.protobuf;stream=watch");

    public static ApiStatusException UnsupportedMediaType(IEnumerable<string> accepted) =>
        new(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: " + string.Join(", ", accepted));

    /// <summary>
    /// go-restful's refusal of a request whose Content-Type no route of a built-in resource consumes (a PATCH of another
    /// type), as kube-apiserver's service error handler wraps it.
    /// </summary>
    public static ApiStatusException RouteUnsupportedMediaType() =>
        new(415, "UnsupportedMediaType", "415: Unsupported Media Type", new StatusDetails(null, null, null));

    public static ApiStatusException Expired(string message) => new(410, "Expired", message);

    public static ApiStatusException ContinueExpired() => Expired(
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.");

    /// <summary>What kube-apiserver 1.32 answers when etcd refuses an object over its request limit: a 500 without a reason.</summary>
    public static ApiStatusException ObjectTooLarge() => Storage("etcdserver: request is too large");

    /// <summary>A storage layer's plain error, as kube-apiserver answers any error that is not an API status: a 500 without a reason.</summary>
    public static ApiStatusException Storage(string message) => new(500, string.Empty, message);

    public static ApiStatusException BodyTooLarge(int limit) => new(413, "RequestEntityTooLarge", $"Request entity too large: limit is {limit}");

    public static ApiStatusException NotFoundPath() => new(404, "NotFound", "the server could not find the requested resource", new StatusDetails(null, null, null));

    public static ApiStatusException Internal(string message) => new(500, "InternalError", $"Internal error occurred: {message}", new StatusDetails(null, null, null, [new StatusCause(string.Empty, message, null)]));

    public static ApiStatusException TooLargeResourceVersion(long requested, long current) =>
        new(504, "Timeout", $"Timeout: Too large resource version: {requested}, current: {current}",
            new StatusDetails(null, null, null, [new StatusCause("ResourceVersionTooLarge", "Too large resource version", null)], 1));
}
