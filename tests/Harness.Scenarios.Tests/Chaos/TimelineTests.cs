using System.Diagnostics;
using System.Text.RegularExpressions;
using Harness.Scenarios.Faults;
using Harness.Scenarios.Reporting;
using Harness.Scenarios.Running;
using Xunit.Abstractions;

namespace Harness.Scenarios.Tests.Chaos;

public sealed partial class TimelineTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Timeline_OpenedInHeadlessChromium_ShowsALanePerComponentEveryEventAndTheViolations()
    {
        var result = new ScenarioRunner(new ScenarioRunnerOptions { Controller = null, SettleBudget = TimeSpan.FromSeconds(30) })
            .Run(Scenario.Generate(2, FaultPlans.Default));
        Assert.NotEmpty(result.Violations);
        var file = Path.Combine(Directory.CreateTempSubdirectory("harness-timeline-").FullName, "timeline.html");
        await File.WriteAllTextAsync(file, TimelineWriter.Write(result));

        if (FindChromium() is not { } chromium)
        {
            output.WriteLine("chromium is not installed (Debian: apt-get install chromium; .ci/run installs it): checked the HTML only");
            Assert.Contains("data-lane=\"scenario\"", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
            return;
        }

        var dom = await DumpDomAsync(chromium, file);
        var rendered = Rendered().Match(dom);
        Assert.True(rendered.Success, $"the page's script did not run in {chromium}: {dom[..Math.Min(400, dom.Length)]}");
        var lanes = result.Events.Select(TimelineWriter.Lane).Append("api-server").Append("controller").Append("kubevirt").Append("scenario").Distinct().Count();
        Assert.Equal(lanes, int.Parse(rendered.Groups["lanes"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(result.Events.Count, int.Parse(rendered.Groups["events"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(result.Violations.Select(v => v.Invariant).Distinct().Order(), rendered.Groups["violated"].Value.Split(',').Order());
    }

    private static string? FindChromium() =>
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);

    private static async Task<string> DumpDomAsync(string chromium, string file)
    {
        var startInfo = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", new Uri(file).AbsoluteUri })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var dom = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return await dom;
    }

    [GeneratedRegex("data-rendered=\"lanes=(?<lanes>\\d+);events=(?<events>\\d+);violated=(?<violated>[^\"]*)\"")]
    private static partial Regex Rendered();
}
