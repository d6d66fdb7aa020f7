using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Watch;

/// <summary>
/// The encoded watch frames of one committed event, shared by every watcher it is published to: the first watcher
/// that sends a variant (the event type as that watcher sees it, the served version) encodes it; the others send the same bytes.
/// </summary>
internal sealed class SharedFrames
{
    private readonly Lock gate = new();
    private readonly List<(StoreEventType Type, string Version, byte[] Frame)> frames = new(1);

    public byte[] GetOrEncode<TState>(StoreEventType type, string version, TState state, Func<TState, byte[]> encode)
    {
        lock (gate)
        {
            foreach (var (t, v, frame) in frames)
            {
                if (t == type && string.Equals(v, version, StringComparison.Ordinal))
                {
                    return frame;
                }
            }
        }

        var encoded = encode(state);
        lock (gate)
        {
            frames.Add((type, version, encoded));
        }

        return encoded;
    }
}
