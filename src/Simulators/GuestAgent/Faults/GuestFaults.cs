using Harness.Durations;
using System.Globalization;

namespace Harness.Simulators.GuestAgent;

/// <summary>
/// The faults a simulated guest and its agent show. Each fault has one name, used on the command line
/// (<c>--fault NAME[=VALUE]</c>) and, prefixed, as a VM annotation (see <see cref="FromAnnotations"/>).
/// What they break: freeze answers (hang, fail), the thaw after a write-hold limit, answer latency and the
/// agent's presence (disconnect, crash). What they keep: the protocol's framing and the guest's data.
/// </summary>
public sealed record GuestFaults
{
    /// <summary>Prefix of every annotation this simulator reads.</summary>
    public const string AnnotationPrefix = "harness.kubevirt.io/";

    /// <summary>Annotation that says whether the guest runs an agent (<c>"false"</c> disables it).</summary>
    public const string AgentAnnotation = AnnotationPrefix + "guest-agent";

    private const string FaultAnnotationPrefix = AnnotationPrefix + "guest-";

    private static readonly (string Name, string Annotation)[] Names =
    [
        ("freeze-hang", FaultAnnotationPrefix + "freeze-hang"),
        ("freeze-fail", FaultAnnotationPrefix + "freeze-fail"),
        ("thaw-limit", FaultAnnotationPrefix + "thaw-limit"),
        ("latency", FaultAnnotationPrefix + "agent-latency"),
        ("crash-after", FaultAnnotationPrefix + "agent-crash-after"),
        ("disconnect-after", FaultAnnotationPrefix + "agent-disconnect-after"),
    ];

    /// <summary>No faults: the agent answers every command at once and correctly.</summary>
    public static GuestFaults None { get; } = new();

    /// <summary><c>guest-fsfreeze-freeze</c> freezes the guest but never answers (or answers after <see cref="FreezeHangDuration"/>).</summary>
    public bool FreezeHangs { get; init; }

    /// <summary>How long a hanging freeze blocks the agent; <c>null</c> means until the connection is replaced.</summary>
    public TimeSpan? FreezeHangDuration { get; init; }

    /// <summary><c>guest-fsfreeze-freeze</c> fails as qemu-ga does when FIFREEZE fails; the guest stays thawed.</summary>
    public bool FreezeFails { get; init; }

    /// <summary>
    /// Windows VSS behaviour: writes are held at most this long after a freeze; then they resume although
    /// <c>guest-fsfreeze-status</c> still says "frozen", and the next thaw fails with "fsfreeze is limited".
    /// </summary>
    public TimeSpan? ThawLimit { get; init; }

    /// <summary>Every answer is delayed by a duration drawn from the seeded random source.</summary>
    public LatencyRange? Latency { get; init; }

    /// <summary>The agent crashes (the process exits) when it receives this command (1-based count over the agent's life), without answering.</summary>
    public int? CrashAfterCommands { get; init; }

    /// <summary>The agent drops the connection once, when it receives this command (1-based count over the agent's life), without answering; later connections work.</summary>
    public int? DisconnectAfterCommands { get; init; }

    /// <summary>Whether the VM's guest runs an agent: yes unless <c>harness.kubevirt.io/guest-agent</c> is <c>"false"</c>.</summary>
    public static bool IsAgentEnabled(IReadOnlyDictionary<string, string>? annotations)
    {
        if (annotations is null || !annotations.TryGetValue(AgentAnnotation, out var value))
        {
            return true;
        }

        return ParseBool(value, AgentAnnotation);
    }

    /// <summary>
    /// The faults of a guest that runs an agent (<see cref="FromAnnotations"/>), or null when <see cref="AgentAnnotation"/>
    /// says it runs none.
    /// </summary>
    /// <exception cref="FormatException">An annotation is unknown or has a bad value.</exception>
    public static GuestFaults? ForGuest(IReadOnlyDictionary<string, string>? annotations) =>
        IsAgentEnabled(annotations) ? FromAnnotations(annotations) : null;

    /// <summary>
    /// Reads the fault annotations of a VM (template) and returns the faults they switch on.
    /// Unknown <c>harness.kubevirt.io/guest-*</c> annotations and bad values throw a <see cref="FormatException"/>
    /// that names the annotation.
    /// </summary>
    public static GuestFaults FromAnnotations(IReadOnlyDictionary<string, string>? annotations)
    {
        var faults = None;
        if (annotations is null)
        {
            return faults;
        }

        foreach (var (key, value) in annotations.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (key == AgentAnnotation)
            {
                ParseBool(value, key);
                continue;
            }

            if (!key.StartsWith(FaultAnnotationPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = Names.FirstOrDefault(n => n.Annotation == key).Name
                ?? throw new FormatException(
                    $"annotation {key} is not a guest fault; known: {string.Join(", ", Names.Select(n => n.Annotation).Prepend(AgentAnnotation))}");
            faults = faults.With(name, value, key, fromAnnotation: true);
        }

        return faults;
    }

    /// <summary>Parses command-line fault specifications such as <c>freeze-hang</c>, <c>thaw-limit=10s</c>, <c>latency=50ms..200ms</c>.</summary>
    public static GuestFaults Parse(IEnumerable<string> specifications)
    {
        var faults = None;
        foreach (var specification in specifications)
        {
            var separator = specification.IndexOf('=', StringComparison.Ordinal);
            var name = separator < 0 ? specification : specification[..separator];
            string? value = separator < 0 ? null : specification[(separator + 1)..];
            if (!Names.Any(n => n.Name == name))
            {
                throw new FormatException(
                    $"--fault {specification}: unknown fault '{name}'; known: {string.Join(", ", Names.Select(n => n.Name))}");
            }

            faults = faults.With(name, value, $"--fault {specification}", fromAnnotation: false);
        }

        return faults;
    }

    /// <summary>The <c>--fault</c> arguments that give a <c>harness-guest-agent</c> process these faults.</summary>
    public IReadOnlyList<string> ToCommandLineArguments()
    {
        var arguments = new List<string>();
        void Add(string fault) => arguments.AddRange(["--fault", fault]);
        if (FreezeHangs)
        {
            Add(FreezeHangDuration is { } hang ? $"freeze-hang={GoDuration.Format(hang)}" : "freeze-hang");
        }

        if (FreezeFails)
        {
            Add("freeze-fail");
        }

        if (ThawLimit is { } limit)
        {
            Add($"thaw-limit={GoDuration.Format(limit)}");
        }

        if (Latency is { } latency)
        {
            Add($"latency={latency}");
        }

        if (CrashAfterCommands is { } crash)
        {
            Add($"crash-after={crash.ToString(CultureInfo.InvariantCulture)}");
        }

        if (DisconnectAfterCommands is { } disconnect)
        {
            Add($"disconnect-after={disconnect.ToString(CultureInfo.InvariantCulture)}");
        }

        return arguments;
    }

    private GuestFaults With(string name, string? value, string what, bool fromAnnotation)
    {
        switch (name)
        {
            case "freeze-hang":
                if (value is null || (fromAnnotation && value.Trim() is "true" or "false"))
                {
                    var on = value is null || ParseBool(value, what);
                    return this with { FreezeHangs = on, FreezeHangDuration = null };
                }

                return this with { FreezeHangs = true, FreezeHangDuration = Positive(GoDuration.Parse(value, what), what) };
            case "freeze-fail":
                return this with { FreezeFails = value is null || ParseBool(value, what) };
            case "thaw-limit":
                return this with { ThawLimit = value is null ? GuestAgentConstants.DefaultThawLimit : Positive(GoDuration.Parse(value, what), what) };
            case "latency":
                return this with { Latency = LatencyRange.Parse(Required(value, what), what) };
            case "crash-after":
                return this with { CrashAfterCommands = ParseCount(Required(value, what), what) };
            default:
                return this with { DisconnectAfterCommands = ParseCount(Required(value, what), what) };
        }
    }

    private static string Required(string? value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new FormatException($"{what}: a value is required") : value;

    private static TimeSpan Positive(TimeSpan value, string what) =>
        value > TimeSpan.Zero ? value : throw new FormatException($"{what}: the duration must be greater than zero");

    private static int ParseCount(string value, string what) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1
            ? count
            : throw new FormatException($"{what}: '{value}' is not a command count (a whole number >= 1)");

    private static bool ParseBool(string value, string what) => value.Trim() switch
    {
        "true" => true,
        "false" => false,
        _ => throw new FormatException($"{what}: '{value}' must be \"true\" or \"false\""),
    };
}
