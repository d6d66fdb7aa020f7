namespace Harness.EnvTest.Tables;

/// <summary>
/// Recognises the <c>Accept</c> header with which clients ask for a Table
/// (<c>application/json;as=Table;v=v1;g=meta.k8s.io</c>, as <c>kubectl get</c> sends it).
/// </summary>
public static class TableMediaType
{
    /// <summary>The Table apiVersion for <c>v=v1</c>.</summary>
    public const string V1 = "meta.k8s.io/v1";

    /// <summary>The Table apiVersion for <c>v=v1beta1</c>.</summary>
    public const string V1Beta1 = "meta.k8s.io/v1beta1";

    /// <summary>
    /// Whether <paramref name="accept"/> asks for a JSON Table this server can produce, and which
    /// version: the first such entry of the list wins, as in kube's content negotiation.
    /// </summary>
    public static bool TryGetTableVersion(string? accept, out string apiVersion)
    {
        apiVersion = "";
        if (string.IsNullOrWhiteSpace(accept))
        {
            return false;
        }

        foreach (var entry in accept.Split(','))
        {
            var parts = entry.Split(';', StringSplitOptions.TrimEntries);
            if (parts[0] is not ("application/json" or "*/*" or "application/*"))
            {
                continue;
            }

            string? asKind = null, version = null, group = null;
            foreach (var parameter in parts.Skip(1))
            {
                var eq = parameter.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0)
                {
                    continue;
                }

                var key = parameter[..eq].Trim();
                var value = parameter[(eq + 1)..].Trim();
                switch (key)
                {
                    case "as": asKind = value; break;
                    case "v": version = value; break;
                    case "g": group = value; break;
                }
            }

            if (asKind != "Table" || group != "meta.k8s.io")
            {
                continue;
            }

            if (version is "v1" or "v1beta1")
            {
                apiVersion = "meta.k8s.io/" + version;
                return true;
            }
        }

        return false;
    }
}
