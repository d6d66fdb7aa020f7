using Harness.EnvTest.Environment;

namespace Harness.EnvTest.Tests.Environment;

/// <summary>
/// One started <see cref="TestEnvironment"/> per test class, on the backend a subclass names; when that backend is
/// absent from this machine, <see cref="SkipIfUnavailable"/> skips each test with a message saying how to enable it.
/// </summary>
public abstract class ApiServerBackendFixture : IAsyncLifetime
{
    private TestEnvironment? _environment;

    /// <summary>Why the backend cannot run here, or null.</summary>
    public string? SkipReason { get; private set; }

    public TestEnvironment Environment => _environment ?? throw new InvalidOperationException(SkipReason ?? "the environment is not started");

    public async Task InitializeAsync()
    {
        var options = CreateOptions(out var skipReason);
        if (options is null)
        {
            SkipReason = skipReason;
            return;
        }

        _environment = new TestEnvironment(options);
        await _environment.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_environment is not null)
        {
            await _environment.DisposeAsync();
        }
    }

    public void SkipIfUnavailable() => Skip.If(SkipReason is not null, SkipReason);

    /// <summary>The options for this backend, or null (with the reason) when it cannot run here.</summary>
    protected abstract TestEnvironmentOptions? CreateOptions(out string skipReason);
}
