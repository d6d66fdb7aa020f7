using System.Net;
using Harness.EnvTest.Tests.Core;

namespace Harness.EnvTest.Tests.Validation;

/// <summary>Asserts a write is refused with 422 Invalid and the causes kube-apiserver lists, as <c>field: message</c>.</summary>
internal static class ValidationAssert
{
    public static async Task<string> InvalidAsync(Func<Task> write, params string[] causes)
    {
        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, write);
        Assert.Equal("Invalid", status.Reason);
        Assert.Equal(causes, status.Details.Causes.Select(c => $"{c.Field}: {c.Message}"));
        return status.Message;
    }

    /// <summary>The 422's message, for causes whose text is not the same on both backends (a Go diff appended, say).</summary>
    public static async Task<string> InvalidMessageAsync(Func<Task> write)
    {
        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, write);
        Assert.Equal("Invalid", status.Reason);
        return status.Message;
    }
}
