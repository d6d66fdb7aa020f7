using FsCheck.Xunit;
using Harness.EnvTest.Patching.ServerSideApply;

namespace Harness.EnvTest.Tests.Patching;

public sealed class FieldSetTests
{
    private static FieldSet SetOf(byte[] codes)
    {
        var set = new FieldSet();
        foreach (var code in codes)
        {
            set.Insert(Enumerable.Range(0, (code % 3) + 1).Select(level => FieldPath.Field(((code >> (2 + level)) % 3).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        return set;
    }

    private static HashSet<string> MembersOf(FieldSet set) => set.Members().Select(p => string.Join('/', p)).ToHashSet();

    [Property]
    public bool Union_HasTheMembersOfBoth(byte[] a, byte[] b) =>
        MembersOf(SetOf(a).Union(SetOf(b))).SetEquals(MembersOf(SetOf(a)).Union(MembersOf(SetOf(b))));

    [Property]
    public bool Difference_AndIntersection_PartitionTheSet(byte[] a, byte[] b)
    {
        var (x, y) = (SetOf(a), SetOf(b));
        var difference = MembersOf(x.Difference(y));
        var intersection = MembersOf(x.Intersection(y));
        return difference.SetEquals(MembersOf(x).Except(MembersOf(y)))
            && intersection.SetEquals(MembersOf(x).Intersect(MembersOf(y)))
            && !difference.Overlaps(intersection);
    }

    [Property]
    public bool FieldsV1_RoundTripKeepsMembers(byte[] a) =>
        MembersOf(FieldSet.FromFieldsV1(SetOf(a).ToFieldsV1())).SetEquals(MembersOf(SetOf(a)));

    [Property]
    public bool Operations_LeaveTheirOperandsUnchanged(byte[] a, byte[] b)
    {
        var (x, y) = (SetOf(a), SetOf(b));
        var before = (MembersOf(x), MembersOf(y));
        _ = x.Union(y).Difference(y).Intersection(x).RecursiveDifference(y).WithAncestors();
        return before.Item1.SetEquals(MembersOf(x)) && before.Item2.SetEquals(MembersOf(y));
    }

    [Fact]
    public void FromFieldsV1_ContainerMember_ReadsTheDot()
    {
        var set = FieldSet.FromFieldsV1(PatchContexts.Obj("""{"f:data":{".":{},"f:x":{}}}"""));

        Assert.Equal(["f:data", "f:data/f:x"], set.Members().Select(p => string.Join('/', p)));
    }

    [Fact]
    public void FromFieldsV1_UnknownElement_IsAFormatError()
    {
        Assert.Throws<FormatException>(() => FieldSet.FromFieldsV1(PatchContexts.Obj("""{"x:data":{}}""")));
    }
}
