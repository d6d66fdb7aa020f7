using Harness.EnvTest.Admission;

namespace Harness.Controller.Tests.World;

/// <summary>
/// Crashes the controller (and starts a new one) at the first request that meets a <see cref="CrashPoint"/>. The
/// write either lands (the controller dies before it hears back) or is lost (it dies before the write arrives:
/// the request is refused).
/// </summary>
internal sealed class CrashingAdmission(ControllerWorld world, CrashPoint point, bool writeLands) : IAdmissionHandler
{
    private Task? restart;

    /// <summary>The restart, once the point was met.</summary>
    public Task Restart => restart ?? throw new Xunit.Sdk.XunitException($"the controller never reached the crash point: {point}");

    public void Register() => world.Server.RegisterValidatingAdmission("crash-controller.test", [point.Rule], this);

    public ValueTask<AdmissionResponse> ReviewAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (restart is not null || !point.Matches(request.Object, request.OldObject))
        {
            return ValueTask.FromResult(AdmissionResponse.Allow(request.Uid));
        }

        restart = world.Simulation.Scheduler.TaskFactory.StartNew(world.RestartControllerAsync).Unwrap();
        return ValueTask.FromResult(writeLands
            ? AdmissionResponse.Allow(request.Uid)
            : AdmissionResponse.Deny(request.Uid, "the controller crashed before this write arrived", 500));
    }
}
