namespace Harness.Controller.Hosting;

/// <summary>
/// A controller that <c>harness-controller</c> runs while it leads: it registers its informers and reconcilers on the
/// <see cref="ControllerContext"/> (which counts reconciles and errors and reports queue depths) and keeps nothing else.
/// </summary>
public interface IControllerRegistration
{
    /// <summary>The controller's name in logs and in the <c>controller</c> label of the metrics.</summary>
    string Name { get; }

    /// <summary>Registers informers (<see cref="ControllerContext.Inform{T}"/>) and reconcilers (<see cref="ControllerContext.Reconcile{TKey}"/>).</summary>
    void Register(ControllerContext context);
}
