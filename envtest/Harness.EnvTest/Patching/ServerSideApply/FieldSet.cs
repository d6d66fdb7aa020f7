using System.Text.Json.Nodes;

namespace Harness.EnvTest.Patching.ServerSideApply;

/// <summary>
/// A set of field paths, as structured-merge-diff keeps it: a tree whose edges are path elements in
/// their <c>FieldsV1</c> spelling (<see cref="FieldPath"/>) and whose nodes may themselves be members
/// (<c>"."</c> in <c>FieldsV1</c>). A set is filled once (<see cref="Insert"/>) and never changed
/// after; operations return new sets that share unchanged subtrees, or the operand itself.
/// </summary>
internal sealed class FieldSet
{
    private readonly Dictionary<string, FieldSet> _children = new(StringComparer.Ordinal);

    /// <summary>True when the path leading here is itself in the set.</summary>
    public bool IsMember { get; private set; }

    /// <summary>True when no path is in the set.</summary>
    public bool IsEmpty => !IsMember && _children.Count == 0;

    /// <summary>The elements below this node and the sets under them, in no particular order.</summary>
    public IReadOnlyDictionary<string, FieldSet> Children => _children;

    /// <summary>Adds <paramref name="path"/> (at least one element); returns the node it names, to insert paths below it.</summary>
    public FieldSet Insert(IEnumerable<string> path)
    {
        var node = Reach(path);
        if (!ReferenceEquals(node, this))
        {
            node.IsMember = true;
        }

        return node;
    }

    /// <summary>The node <paramref name="path"/> names, added without making it a member (the parent of paths to insert below).</summary>
    public FieldSet Reach(IEnumerable<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            node = node.Child(element);
        }

        return node;
    }

    /// <summary>Adds the path of this node followed by <paramref name="element"/>; returns the node it names.</summary>
    public FieldSet InsertChild(string element)
    {
        var child = Child(element);
        child.IsMember = true;
        return child;
    }

    /// <summary>True when <paramref name="path"/> is a member.</summary>
    public bool Contains(IReadOnlyList<string> path) => Find(path)?.IsMember == true;

    /// <summary>Every member path, parents before children, siblings in ordinal order.</summary>
    public IEnumerable<IReadOnlyList<string>> Members()
    {
        var stack = new List<string>();
        return Walk(this, stack);

        static IEnumerable<IReadOnlyList<string>> Walk(FieldSet node, List<string> prefix)
        {
            foreach (var (element, child) in node._children.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                prefix.Add(element);
                if (child.IsMember)
                {
                    yield return prefix.ToArray();
                }

                foreach (var below in Walk(child, prefix))
                {
                    yield return below;
                }

                prefix.RemoveAt(prefix.Count - 1);
            }
        }
    }

    /// <summary>The paths in either set.</summary>
    public FieldSet Union(FieldSet other)
    {
        if (other.IsEmpty)
        {
            return this;
        }

        if (IsEmpty)
        {
            return other;
        }

        var result = new FieldSet { IsMember = IsMember || other.IsMember };
        foreach (var (element, child) in _children)
        {
            result._children[element] = other._children.TryGetValue(element, out var otherChild) ? child.Union(otherChild) : child;
        }

        foreach (var (element, otherChild) in other._children)
        {
            result._children.TryAdd(element, otherChild);
        }

        return result;
    }

    /// <summary>The members of this set that are not members of <paramref name="other"/>.</summary>
    public FieldSet Difference(FieldSet other) => Combine(this, other, (a, b) => a && !b, keepUnmatched: true);

    /// <summary>The members of both sets.</summary>
    public FieldSet Intersection(FieldSet other) => Combine(this, other, (a, b) => a && b, keepUnmatched: false);

    /// <summary>This set without every path at or below a member of <paramref name="other"/>.</summary>
    public FieldSet RecursiveDifference(FieldSet other)
    {
        if (other.IsEmpty || !_children.Keys.Any(other._children.ContainsKey))
        {
            return this;
        }

        var result = new FieldSet { IsMember = IsMember };
        foreach (var (element, child) in _children)
        {
            if (!other._children.TryGetValue(element, out var otherChild))
            {
                result._children[element] = child;
            }
            else if (!otherChild.IsMember)
            {
                var rest = child.RecursiveDifference(otherChild);
                if (!rest.IsEmpty)
                {
                    result._children[element] = rest;
                }
            }
        }

        return result;
    }

    /// <summary>This set with every ancestor of a member also a member (as structured-merge-diff's <c>EnsureNamedFieldsAreMembers</c> does for containers).</summary>
    public FieldSet WithAncestors()
    {
        var result = new FieldSet { IsMember = IsMember };
        foreach (var (element, child) in _children)
        {
            var copy = child.WithAncestors();
            copy.IsMember = true;
            result._children[element] = copy;
        }

        return result;
    }

    /// <summary>The <c>fieldsV1</c> JSON of the set.</summary>
    public JsonObject ToFieldsV1()
    {
        var result = new JsonObject();
        if (IsMember && _children.Count > 0)
        {
            result["."] = new JsonObject();
        }

        var elements = _children.Keys.ToArray();
        Array.Sort(elements, StringComparer.Ordinal);
        foreach (var element in elements)
        {
            result[element] = _children[element].ToFieldsV1();
        }

        return result;
    }

    /// <summary>Reads a <c>fieldsV1</c> object.</summary>
    /// <exception cref="FormatException">The JSON is not a <c>FieldsV1</c> tree.</exception>
    public static FieldSet FromFieldsV1(JsonObject fields)
    {
        var result = new FieldSet();
        Read(result, fields);
        return result;

        static void Read(FieldSet node, JsonObject fields)
        {
            foreach (var (element, value) in fields)
            {
                if (value is not JsonObject childFields)
                {
                    throw new FormatException($"expected an object for the field set element {element}");
                }

                if (element == ".")
                {
                    node.IsMember = true;
                    continue;
                }

                if (!FieldPath.IsElement(element))
                {
                    throw new FormatException($"unknown path element {element}");
                }

                var child = node.Child(element);
                Read(child, childFields);
                if (childFields.Count == 0)
                {
                    child.IsMember = true;
                }
            }
        }
    }

    private FieldSet Child(string element)
    {
        if (!_children.TryGetValue(element, out var child))
        {
            child = new FieldSet();
            _children[element] = child;
        }

        return child;
    }

    private FieldSet? Find(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            if (!node._children.TryGetValue(element, out node))
            {
                return null;
            }
        }

        return node;
    }

    private static FieldSet Combine(FieldSet a, FieldSet b, Func<bool, bool, bool> member, bool keepUnmatched)
    {
        var isMember = member(a.IsMember, b.IsMember);
        if (keepUnmatched && isMember == a.IsMember && !a._children.Keys.Any(b._children.ContainsKey))
        {
            return a;
        }

        var result = new FieldSet { IsMember = isMember };
        var unchanged = isMember == a.IsMember;
        foreach (var (element, child) in a._children)
        {
            FieldSet combined;
            if (b._children.TryGetValue(element, out var other))
            {
                combined = Combine(child, other, member, keepUnmatched);
            }
            else if (keepUnmatched)
            {
                combined = child;
            }
            else
            {
                unchanged = false;
                continue;
            }

            unchanged &= ReferenceEquals(combined, child);
            if (!combined.IsEmpty)
            {
                result._children[element] = combined;
            }
            else
            {
                unchanged = false;
            }
        }

        return unchanged ? a : result;
    }
}
