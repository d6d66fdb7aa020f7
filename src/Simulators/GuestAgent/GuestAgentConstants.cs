namespace Harness.Simulators.GuestAgent;

/// <summary>Defaults of the guest agent simulator, in one place.</summary>
internal static class GuestAgentConstants
{
    /// <summary>The version the agent reports in <c>guest-info</c>.</summary>
    public const string DefaultVersion = "9.2.0";

    /// <summary>The guest application writes one journal block per interval (virtual time).</summary>
    public static readonly TimeSpan DefaultWriteInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Journal slots per disk: 1024 slots of 64 bytes per region, 128 KiB per disk.</summary>
    public const int DefaultJournalSlotsPerDisk = 1024;

    /// <summary>How long a client waits for one answer before it gives up.</summary>
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Windows VSS holds writes for at most 10 seconds.</summary>
    public static readonly TimeSpan DefaultThawLimit = TimeSpan.FromSeconds(10);

    /// <summary>Size of the root filesystem a guest gets when it has no disks.</summary>
    public const long DefaultRootFilesystemSize = 1024 * 1024;

    /// <summary>The byte that precedes a <c>guest-sync-delimited</c> answer and that clients send to flush the parser.</summary>
    public const byte SentinelByte = 0xFF;

    /// <summary>Longest request the agent accepts before it answers "JSON token size limit exceeded".</summary>
    public const int MaxMessageBytes = 1024 * 1024;
}
