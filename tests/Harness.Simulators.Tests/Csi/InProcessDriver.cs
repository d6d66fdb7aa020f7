using Harness.Runtime;
using Harness.Runtime.Randomness;
using Harness.Simulators.Csi;
using Harness.Simulators.Csi.Faults;
using Microsoft.Extensions.Time.Testing;

namespace Harness.Simulators.Tests.Csi;

/// <summary>An in-process driver on a fake clock, with clients through its call invoker.</summary>
internal sealed class InProcessDriver
{
    public InProcessDriver(Action<CsiDriverSimulatorOptions>? configure = null, CsiFaults? faults = null)
    {
        var options = new CsiDriverSimulatorOptions { DriverName = "csi.test.harness", Runtime = new ComponentRuntime { Time = Time, Tasks = Task.Factory, Seed = new SimulationSeed(7) } };
        configure?.Invoke(options);
        Driver = new CsiDriverSimulator(options, faults);
        Clients = new CsiClients(Driver.CreateCallInvoker());
    }

    public FakeTimeProvider Time { get; } = new();

    public CsiDriverSimulator Driver { get; }

    public CsiClients Clients { get; }
}
