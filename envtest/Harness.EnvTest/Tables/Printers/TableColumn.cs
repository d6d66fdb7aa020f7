namespace Harness.EnvTest.Tables;

/// <summary>One column definition of a built-in kind's Table, as kube-apiserver's printers declare it.</summary>
internal sealed record TableColumn(string Name, string Type = "string", string Description = "", int Priority = 0, string Format = "")
{
    public const string NameDescription = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

    public const string AgeDescription = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    public static TableColumn NameColumn { get; } = new("Name", Format: "name", Description: NameDescription);

    public static TableColumn AgeColumn { get; } = new("Age", Description: AgeDescription);
}
