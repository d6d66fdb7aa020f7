namespace Harness.Controller.Hosting;

/// <summary>
/// A controller that <c>harness-controller</c> runs while it leads: it registers its informers and reconcilers on the
/// context's <see cref="ControllerContext.Host"/> (which counts reconciles and errors and reports queue depths).
/// </summary>
public interface IControllerRegistration
{
    /// <summary>The controller's name in logs and in the <c>controller</c> label of the metrics.</summary>
    string Name { get; }

    /// <summary>Registers its informers and reconcilers on <see cref="ControllerContext.Host"/>.</summary>
    void Register(ControllerContext context);
}
