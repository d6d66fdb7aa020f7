namespace Harness.Scenarios.Cli;

/// <summary>A <c>harness up</c> component that says, after <c>ready</c>, what it runs and where its files are.</summary>
public interface IExplainedComponent
{
    IReadOnlyList<UpSummaryLine> Explain();
}
