namespace Harness.EnvTest.Serialization.GoStructs;

/// <summary>One field of a built-in kind's Go struct, as kube-apiserver's JSON encoder writes it.</summary>
/// <param name="Name">The field's JSON name.</param>
/// <param name="WhenAbsent">The JSON written when the field is unset (a field without <c>omitempty</c>, or a struct value: <c>""</c>, <c>null</c>, <c>{}</c>); null when nothing is.</param>
/// <param name="KeepsZero">True when a zero value sent (<c>false</c>, <c>0</c>, <c>""</c>) is written back: a pointer, or a field without <c>omitempty</c>.</param>
internal sealed record GoField(string Name, string? WhenAbsent, bool KeepsZero);
