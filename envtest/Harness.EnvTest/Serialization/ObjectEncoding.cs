using System.Text.Json.Nodes;
using Harness.EnvTest.FieldValidation;
using Harness.EnvTest.Serialization.GoStructs;

namespace Harness.EnvTest.Serialization;

/// <summary>
/// How kube-apiserver writes a kind's objects: custom objects as Go maps (<see cref="UnstructuredJson"/>), built-ins from
/// their Go structs (<see cref="GoStructArranger"/>), the rest (objects the server keeps for itself) as they are.
/// </summary>
internal sealed class ObjectEncoding
{
    private readonly FieldShape? goStruct;

    private ObjectEncoding(bool unstructured, FieldShape? goStruct)
    {
        IsUnstructured = unstructured;
        this.goStruct = goStruct;
    }

    public static ObjectEncoding Unstructured { get; } = new(unstructured: true, goStruct: null);

    public static ObjectEncoding AsWritten { get; } = new(unstructured: false, goStruct: null);

    /// <summary>Written as Go's encoder writes the struct behind model class <paramref name="model"/>.</summary>
    public static ObjectEncoding GoStruct(Type model) => new(unstructured: false, FieldShape.Of(model));

    /// <summary>Keys sorted at every level when written (<see cref="UnstructuredJson"/>).</summary>
    public bool IsUnstructured { get; }

    /// <summary>Puts a built-in object's fields in its Go struct's order, in place; does nothing for the others.</summary>
    public void Arrange(JsonObject obj)
    {
        if (goStruct is not null)
        {
            GoStructArranger.Arrange(obj, goStruct);
        }
    }
}
