namespace Harness.EnvTest.Tables;

/// <summary>How a Table is rendered: <c>meta.k8s.io</c> version, row objects and headers.</summary>
public sealed record TableOptions
{
    /// <summary>The <c>apiVersion</c> of the Table: <c>meta.k8s.io/v1</c> or <c>meta.k8s.io/v1beta1</c>.</summary>
    public string ApiVersion { get; init; } = TableMediaType.V1;

    /// <summary>What rows carry in <c>object</c>.</summary>
    public TableIncludeObject IncludeObject { get; init; } = TableIncludeObject.Metadata;

    /// <summary>Leave out <c>columnDefinitions</c> (TableOptions <c>noHeaders</c>).</summary>
    public bool NoHeaders { get; init; }

    /// <summary>The server's time: printer columns of type <c>date</c> show the age relative to it (<c>5m</c>), as kube does.</summary>
    /// <value>null: <c>date</c> cells stay RFC 3339 times.</value>
    public DateTimeOffset? Now { get; init; }

    /// <summary>
    /// Options from the request's query (<c>includeObject=None|Metadata|Object</c>) and the Table
    /// version negotiated from <c>Accept</c>.
    /// </summary>
    /// <exception cref="ArgumentException">An <c>includeObject</c> value kube does not know.</exception>
    public static TableOptions FromQuery(IReadOnlyDictionary<string, string> query, string apiVersion = TableMediaType.V1)
    {
        ArgumentNullException.ThrowIfNull(query);
        var include = TableIncludeObject.Metadata;
        if (query.TryGetValue("includeObject", out var value) && value.Length > 0)
        {
            include = value switch
            {
                "None" => TableIncludeObject.None,
                "Metadata" => TableIncludeObject.Metadata,
                "Object" => TableIncludeObject.Object,
                _ => throw new ArgumentException($"includeObject: Unsupported value: \"{value}\": supported values: \"Metadata\", \"None\", \"Object\""),
            };
        }

        return new TableOptions { ApiVersion = apiVersion, IncludeObject = include };
    }
}
