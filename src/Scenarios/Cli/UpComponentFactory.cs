using Harness.EnvTest.Environment;
using Microsoft.Extensions.Hosting;

namespace Harness.Scenarios.Cli;

/// <summary>
/// Makes one component that <c>harness up</c> runs beside the API server (a controller, a simulator), given the
/// environment (not started yet) and the command's settings. Components start in order after the server is ready and
/// stop in reverse order before it; an <see cref="IHostedLifecycleService"/> is told <c>StartingAsync</c> before the
/// server starts.
/// </summary>
public delegate IHostedService UpComponentFactory(TestEnvironment environment, UpSettings settings);
