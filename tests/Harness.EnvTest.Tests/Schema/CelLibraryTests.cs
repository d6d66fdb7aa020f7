using Harness.EnvTest.Schema.Rules;

namespace Harness.EnvTest.Tests.Schema;

/// <summary>The Kubernetes CEL extension functions and name escaping the embedded server gives rules (pure functions: no server).</summary>
public sealed class CelLibraryTests
{
    [Theory]
    [InlineData("'AbC'.lowerAscii() == 'abc'")]
    [InlineData("'AbC'.upperAscii() == 'ABC'")]
    [InlineData("'  x '.trim() == 'x'")]
    [InlineData("'héllo'.charAt(1) == 'é'")]
    [InlineData("'héllo'.indexOf('l') == 2")]
    [InlineData("'héllo'.lastIndexOf('l') == 3")]
    [InlineData("'a-b-c'.replace('-', '+') == 'a+b+c'")]
    [InlineData("'a,b'.split(',') == ['a', 'b']")]
    [InlineData("'héllo'.substring(1, 3) == 'él'")]
    [InlineData("'héllo'.substring(4) == 'o'")]
    [InlineData("['a', 'b'].join() == 'ab'")]
    [InlineData("['a', 'b'].join('/') == 'a/b'")]
    [InlineData("[1, 2, 2].isSorted() && !['b', 'a'].isSorted()")]
    [InlineData("[1, 2, 3].sum() == 6")]
    [InlineData("[3, 1, 2].min() == 1 && [3, 1, 2].max() == 3")]
    [InlineData("[1, 2, 1].indexOf(1) == 0 && [1, 2, 1].lastIndexOf(1) == 2")]
    [InlineData("'abc123'.find('[0-9]+') == '123' && 'a1b2'.findAll('[0-9]') == ['1', '2']")]
    public void Function_AnswersAsKubernetesCel(string expression)
    {
        var program = CelRuntime.Compile(expression, out var error);

        Assert.Null(error);
        Assert.Equal(true, program!.Invoke(new Dictionary<string, object?>()));
    }

    [Fact]
    public void Substring_OutOfRange_Throws()
    {
        var program = CelRuntime.Compile("'abc'.substring(5) == ''", out _);

        var error = Assert.ThrowsAny<ArgumentException>(() => program!.Invoke(new Dictionary<string, object?>()));
        Assert.Contains("index out of range: 5", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name", "name")]
    [InlineData("namespace", "__namespace__")]
    [InlineData("a-b.c/d", "a__dash__b__dot__c__slash__d")]
    [InlineData("x__y", "x__underscores__y")]
    [InlineData("1abc", null)]
    [InlineData("a b", null)]
    public void Escape_FollowsApiserversRules(string name, string? escaped) => Assert.Equal(escaped, CelNames.Escape(name));
}
