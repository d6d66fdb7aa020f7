using System.Globalization;
using System.Text;

namespace Harness.EnvTest.Schema;

/// <summary>
/// The field path of the value being visited (<c>spec.volumes[0].name</c>), kept as a stack of
/// segments so that a walk allocates nothing until it reports an error and asks for the text.
/// </summary>
internal sealed class FieldPathBuilder
{
    private readonly string _root;
    private Segment[] _segments = new Segment[16];

    public FieldPathBuilder(string root = "")
    {
        _root = root;
    }

    /// <summary>The depth, to hand back to <see cref="Pop"/>.</summary>
    public int Length { get; private set; }

    /// <summary>Appends <c>.name</c> (or <c>name</c> at the root); returns the depth to restore.</summary>
    public int PushField(string name) => Push(new Segment(name, -1, IsKey: false));

    /// <summary>Appends <c>[index]</c>; returns the depth to restore.</summary>
    public int PushIndex(int index) => Push(new Segment(null, index, IsKey: false));

    /// <summary>Appends <c>[key]</c> (a map key, as <c>field.Path.Key</c> prints it); returns the depth to restore.</summary>
    public int PushKey(string key) => Push(new Segment(key, -1, IsKey: true));

    public void Pop(int mark) => Length = mark;

    public override string ToString()
    {
        var text = new StringBuilder(_root);
        for (var i = 0; i < Length; i++)
        {
            var segment = _segments[i];
            if (segment.Name is null)
            {
                text.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else if (segment.IsKey)
            {
                text.Append('[').Append(segment.Name).Append(']');
            }
            else
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }

                text.Append(segment.Name);
            }
        }

        return text.ToString();
    }

    /// <summary>The path of a child field without changing this builder.</summary>
    public string Child(string name)
    {
        var path = ToString();
        return path.Length == 0 ? name : path + "." + name;
    }

    private int Push(Segment segment)
    {
        if (Length == _segments.Length)
        {
            Array.Resize(ref _segments, Length * 2);
        }

        _segments[Length] = segment;
        return Length++;
    }

    private readonly record struct Segment(string? Name, int Index, bool IsKey);
}
