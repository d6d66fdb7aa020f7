namespace Harness.Simulators.GuestAgent;

/// <summary>Settings of one simulated guest and its agent.</summary>
public sealed class GuestAgentSimulatorOptions
{
    /// <summary>The default of <see cref="WriteInterval"/>: 100 ms.</summary>
    public static TimeSpan DefaultWriteInterval => GuestAgentConstants.DefaultWriteInterval;

    /// <summary>The version <c>guest-info</c> reports.</summary>
    /// <value>Defaults to <c>9.2.0</c>.</value>
    public string Version { get; init; } = GuestAgentConstants.DefaultVersion;

    /// <summary>The guest application writes one journal block (a record or its commit marker) per interval of virtual time.</summary>
    /// <value>Defaults to 100 ms.</value>
    public TimeSpan WriteInterval { get; init; } = DefaultWriteInterval;

    /// <summary>Where the journal lives on each disk; every disk must hold <see cref="JournalLayout.BytesPerDisk"/> bytes.</summary>
    /// <value>Defaults to 1024 slots per region (128 KiB per disk).</value>
    public JournalLayout JournalLayout { get; init; } = JournalLayout.Default;

    /// <summary>Faults this guest and its agent show.</summary>
    /// <value>Defaults to <see cref="GuestFaults.None"/>.</value>
    public GuestFaults Faults { get; init; } = GuestFaults.None;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Version))
        {
            throw new ArgumentException("Version must not be empty", nameof(Version));
        }

        if (WriteInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(WriteInterval), WriteInterval, "WriteInterval must be greater than zero");
        }

        ArgumentNullException.ThrowIfNull(JournalLayout);
        ArgumentNullException.ThrowIfNull(Faults);
    }
}
