using Harness.Simulators.GuestAgent;
using Microsoft.Extensions.Time.Testing;

namespace Harness.Simulators.Tests.GuestAgent;

/// <summary>A guest taken over from a cluster where it was frozen boots frozen: writes wait until it is thawed.</summary>
public sealed class FrozenBootTests
{
    [Fact]
    public async Task Guest_BootedFrozen_HoldsWritesUntilThawed()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var guest = new Guest([], time, writeHoldLimit: null, frozen: true);

        var write = guest.WriteAsync(0, 0, "journal"u8.ToArray(), CancellationToken.None).AsTask();

        Assert.Equal(FsFreezeStatus.Frozen, guest.Status);
        Assert.Equal(time.GetUtcNow(), guest.FrozenSince);
        Assert.False(write.IsCompleted);
        Assert.Equal(1, guest.Thaw());
        await write.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(FsFreezeStatus.Thawed, guest.Status);
    }
}
