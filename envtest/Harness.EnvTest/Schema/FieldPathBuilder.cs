using System.Globalization;
using System.Text;

namespace Harness.EnvTest.Schema;

/// <summary>
/// The field path of the value being visited (<c>spec.volumes[0].name</c>), grown and shrunk in
/// place so that a walk allocates nothing until it reports an error.
/// </summary>
internal sealed class FieldPathBuilder
{
    private readonly StringBuilder _path = new(128);

    public FieldPathBuilder(string root = "")
    {
        _path.Append(root);
    }

    public int Length => _path.Length;

    /// <summary>Appends <c>.name</c> (or <c>name</c> at the root); returns the length to restore.</summary>
    public int PushField(string name)
    {
        var mark = _path.Length;
        if (mark > 0)
        {
            _path.Append('.');
        }

        _path.Append(name);
        return mark;
    }

    /// <summary>Appends <c>[index]</c>; returns the length to restore.</summary>
    public int PushIndex(int index)
    {
        var mark = _path.Length;
        _path.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
        return mark;
    }

    /// <summary>Appends <c>[key]</c> (a map key, as <c>field.Path.Key</c> prints it); returns the length to restore.</summary>
    public int PushKey(string key)
    {
        var mark = _path.Length;
        _path.Append('[').Append(key).Append(']');
        return mark;
    }

    public void Pop(int mark) => _path.Length = mark;

    public override string ToString() => _path.ToString();

    /// <summary>The path of a child field without changing this builder.</summary>
    public string Child(string name) => _path.Length == 0 ? name : _path + "." + name;
}
