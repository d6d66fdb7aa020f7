using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Requests;

/// <summary>
/// A list or watch request's options checked as kube-apiserver's <c>ValidateListOptions</c> does (the WatchList feature gate
/// on, as in 1.32): every finding in one 422 <c>ListOptions.meta.k8s.io "" is invalid</c>.
/// </summary>
internal static class ListOptionsValidation
{
    public static void Validate(IReadOnlyDictionary<string, string> query, bool watch)
    {
        var rv = query.GetValueOrDefault("resourceVersion") ?? string.Empty;
        var match = query.GetValueOrDefault("resourceVersionMatch") ?? string.Empty;
        var continued = !string.IsNullOrEmpty(query.GetValueOrDefault("continue"));
        var sendInitialEvents = query.ContainsKey("sendInitialEvents");
        var errors = watch ? WatchErrors(match, continued, sendInitialEvents) : ListErrors(rv, match, continued, sendInitialEvents);
        if (errors.Count > 0)
        {
            throw ApiErrors.Invalid("ListOptions", "meta.k8s.io", string.Empty, errors);
        }
    }

    /// <summary>Whether a watch asks for the initial state first (<c>sendInitialEvents=true</c>); any other value means false.</summary>
    public static bool? SendInitialEvents(IReadOnlyDictionary<string, string> query) =>
        query.TryGetValue("sendInitialEvents", out var value) ? value == "true" : null;

    private static List<FieldError> ListErrors(string rv, string match, bool continued, bool sendInitialEvents)
    {
        var errors = new List<FieldError>();
        if (match.Length > 0)
        {
            if (rv.Length == 0)
            {
                errors.Add(FieldErrorFactory.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
            }

            if (continued)
            {
                errors.Add(FieldErrorFactory.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
            }

            if (match == "Exact" && rv == "0")
            {
                errors.Add(FieldErrorFactory.Forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
            }
            else if (match is not ("Exact" or "NotOlderThan"))
            {
                errors.Add(FieldErrorFactory.NotSupported("resourceVersionMatch", match, ["Exact", "NotOlderThan", string.Empty]));
            }
        }

        if (sendInitialEvents)
        {
            errors.Add(FieldErrorFactory.Forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
        }

        return errors;
    }

    private static List<FieldError> WatchErrors(string match, bool continued, bool sendInitialEvents)
    {
        var errors = new List<FieldError>();
        if (sendInitialEvents && match != "NotOlderThan")
        {
            errors.Add(FieldErrorFactory.Forbidden("resourceVersionMatch", "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
        }

        if (match.Length > 0)
        {
            if (!sendInitialEvents)
            {
                errors.Add(FieldErrorFactory.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
            }

            if (match != "NotOlderThan")
            {
                errors.Add(FieldErrorFactory.NotSupported("resourceVersionMatch", match, ["NotOlderThan"]));
            }

            if (continued)
            {
                errors.Add(FieldErrorFactory.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
            }
        }

        return errors;
    }
}
