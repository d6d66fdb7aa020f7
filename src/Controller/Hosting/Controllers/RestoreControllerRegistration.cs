using Harness.Controller.Restores;

namespace Harness.Controller.Hosting;

/// <summary>Runs the <see cref="RestoreController"/> in the process, beside the snapshot controller and under the same leader election.</summary>
public sealed class RestoreControllerRegistration : IControllerRegistration
{
    public string Name => "restore";

    public void Register(ControllerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        RestoreController.Register(context.Host, context.Client, new RestoreControllerOptions
        {
            TimeProvider = context.Time,
            TaskFactory = context.Tasks,
            Workers = context.Workers,
            Logger = context.Loggers.CreateLogger("Harness.Controller.Restores"),
        });
    }
}
