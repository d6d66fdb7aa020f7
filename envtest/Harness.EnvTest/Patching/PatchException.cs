using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Patching;

/// <summary>
/// A PATCH the server refuses, carrying what kube-apiserver answers as <c>metav1.Status</c>:
/// <see cref="StatusCode"/> (400, 409, 415, 422, 500), <see cref="Reason"/> (<c>BadRequest</c>,
/// <c>Conflict</c>, <c>UnsupportedMediaType</c>, <c>Invalid</c>, <c>InternalError</c>), the message
/// and <c>details.causes[]</c>.
/// </summary>
public sealed class PatchException : Exception
{
    /// <summary>Creates the error.</summary>
    public PatchException(int statusCode, string reason, string message, IReadOnlyList<FieldError>? causes = null)
        : base(message)
    {
        StatusCode = statusCode;
        Reason = reason;
        Causes = causes ?? [];
    }

    /// <summary>The HTTP status code (<c>status.code</c>).</summary>
    public int StatusCode { get; }

    /// <summary>The <c>status.reason</c>.</summary>
    public string Reason { get; }

    /// <summary>The <c>status.details.causes[]</c>; a cause without a field has an empty <see cref="FieldError.Field"/>.</summary>
    public IReadOnlyList<FieldError> Causes { get; }

    /// <summary>The <c>status.details.group</c>, when the error names one (<c>meta.k8s.io</c> for bad patch options).</summary>
    public string? DetailsGroup { get; init; }

    /// <summary>The <c>status.details.kind</c>, when the error names one (<c>PatchOptions</c>).</summary>
    public string? DetailsKind { get; init; }

    internal static PatchException BadRequest(string message) => new(400, "BadRequest", message);

    /// <summary>What went wrong in the patch library, when kube-apiserver does not say it (see <see cref="Unprocessable"/>).</summary>
    public string? LibraryError { get; init; }

    /// <summary>
    /// What kube-apiserver 1.32 answers when a JSON patch does not apply: <c>NewGenericServerResponse(422, ...)</c> with the
    /// library's error dropped, so a fixed message and empty details; the error stays in <see cref="LibraryError"/>.
    /// </summary>
    internal static PatchException Unprocessable(string libraryError) => new(
        422,
        "Invalid",
        "the server rejected our request due to an error in our request")
    {
        LibraryError = libraryError,
        DetailsGroup = string.Empty, // kube sends "details": {} here: present, and empty
    };

    /// <summary>An error kube-apiserver does not classify, answered as 500 InternalError.</summary>
    internal static PatchException Internal(string message) =>
        new(500, "InternalError", $"Internal error occurred: {message}", [new FieldError(string.Empty, string.Empty, message)]);

    /// <summary>A plain Go error kube-apiserver answers as it is: 500 with no reason and the error as the message.</summary>
    internal static PatchException Unclassified(string message) => new(500, string.Empty, message);

    /// <summary>A patch whose result cannot be decoded into the object (<c>field.Invalid("patch", ...)</c>).</summary>
    internal static PatchException InvalidPatchResult(string patched, string detail) => new(
        422,
        "Invalid",
        $" \"\" is invalid: patch: Invalid value: \"{patched}\": {detail}",
        [new FieldError("FieldValueInvalid", "patch", $"Invalid value: \"{patched}\": {detail}")]);
}
