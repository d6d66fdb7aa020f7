using System.ComponentModel.DataAnnotations;

namespace Harness.Controller.Hosting;

/// <summary>How a <see cref="LeaseLeaderElector"/> competes for its Lease; the defaults are client-go's and kube-controller-manager's.</summary>
public sealed class LeaderElectionOptions
{
    /// <summary>The Lease's namespace.</summary>
    /// <value><c>kube-system</c>.</value>
    [Required]
    public string Namespace { get; init; } = "kube-system";

    /// <summary>The Lease's name.</summary>
    /// <value><c>harness-controller</c>.</value>
    [Required]
    public string Name { get; init; } = "harness-controller";

    /// <summary>This replica's <c>holderIdentity</c>.</summary>
    [Required]
    public required string Identity { get; init; }

    /// <summary>How long a non-leader waits after the last observed renewal before it takes the Lease over.</summary>
    /// <value>15 seconds.</value>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps retrying a failed renewal before it gives leadership up; less than <see cref="LeaseDuration"/>.</summary>
    /// <value>10 seconds.</value>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait between tries to acquire or renew (jittered by up to 1.2 times that on acquisition).</summary>
    /// <value>2 seconds.</value>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Throws when the durations are not ordered as client-go requires: LeaseDuration &gt; RenewDeadline &gt; 1.2 × RetryPeriod &gt; 0.</summary>
    public void Validate()
    {
        if (RetryPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentException("the retry period must be positive");
        }

        if (RenewDeadline <= RetryPeriod * 1.2)
        {
            throw new ArgumentException($"the renew deadline ({RenewDeadline.TotalSeconds} s) must exceed 1.2 times the retry period ({RetryPeriod.TotalSeconds} s)");
        }

        if (LeaseDuration <= RenewDeadline)
        {
            throw new ArgumentException($"the lease duration ({LeaseDuration.TotalSeconds} s) must exceed the renew deadline ({RenewDeadline.TotalSeconds} s)");
        }
    }
}
