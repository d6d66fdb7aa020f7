using System.Globalization;
using System.Net;
using System.Text;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;
using Harness.Scenarios.Running;

namespace Harness.Scenarios.Reporting;

/// <summary>
/// A run's timeline as one self-contained HTML file (inline SVG, CSS and a few lines of script; nothing fetched): one
/// lane per component — the scenario's operations, the API server (phases, conditions, VolumeSnapshot creation and
/// readiness, deletions, as observed there), the controller, KubeVirt, each guest, each CSI driver and the sidecars —
/// with every event of the log on the virtual time axis, and each violated invariant marked where it was seen.
/// </summary>
public static class TimelineWriter
{
    private const string ApiServerLane = ComponentNames.ApiServer;
    private const int LaneHeight = 34;
    private const int LabelWidth = 220;
    private const int PlotWidth = 1400;

    public static string Write(ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var events = result.Events;
        var origin = events.Count > 0 ? events[0].At : default;
        var span = Math.Max(1, (events.Count > 0 ? events[^1].At - origin : TimeSpan.Zero).TotalSeconds);
        var lanes = Lanes(events);
        double X(DateTimeOffset at) => LabelWidth + ((at - origin).TotalSeconds / span * PlotWidth);
        var height = (lanes.Count * LaneHeight) + 40;

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{LabelWidth + PlotWidth + 20}\" height=\"{height}\">"));
        for (var i = 0; i < lanes.Count; i++)
        {
            var y = (i * LaneHeight) + 20;
            svg.Append(Invariant($"<g class=\"lane\" data-lane=\"{Html(lanes[i])}\"><text x=\"4\" y=\"{y + 5}\">{Html(lanes[i])}</text>"))
               .Append(Invariant($"<line x1=\"{LabelWidth}\" y1=\"{y}\" x2=\"{LabelWidth + PlotWidth}\" y2=\"{y}\" class=\"axis\"/>"));
            foreach (var e in events.Where(e => Lane(e) == lanes[i]))
            {
                svg.Append(Invariant($"<circle class=\"event {e.Kind}\" data-kind=\"{e.Kind}\" cx=\"{X(e.At):0.0}\" cy=\"{y}\" r=\"5\"><title>{Html(e.ToString())}</title></circle>"));
            }

            svg.Append("</g>");
        }

        foreach (var violation in result.Violations)
        {
            var x = X(violation.At ?? (events.Count > 0 ? events[^1].At : origin));
            svg.Append(Invariant($"<g class=\"violation\" data-invariant=\"{Html(violation.Invariant)}\"><line x1=\"{x:0.0}\" y1=\"0\" x2=\"{x:0.0}\" y2=\"{height}\"/><title>{Html(violation.ToString())}</title></g>"));
        }

        svg.Append("</svg>");
        return Page(result, svg.ToString(), span);
    }

    /// <summary>The lane an event is drawn in.</summary>
    public static string Lane(DomainEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Component == "observer" ? ApiServerLane : e.Component;
    }

    private static List<string> Lanes(IReadOnlyList<DomainEvent> events)
    {
        var fixedOrder = new[] { ScenarioRunner.Component, ApiServerLane, ComponentNames.Controller, ComponentNames.KubeVirt };
        var seen = events.Select(Lane).Distinct(StringComparer.Ordinal).ToList();
        return [.. fixedOrder, .. seen.Where(l => !fixedOrder.Contains(l)).Order(StringComparer.Ordinal)];
    }

    private static string Page(ScenarioResult result, string svg, double span)
    {
        var rows = new StringBuilder();
        foreach (var e in result.Events)
        {
            rows.Append(Invariant($"<tr><td>{e.At:HH:mm:ss.fff}</td><td>{Html(Lane(e))}</td><td>{e.Kind}</td><td>{Html(e.Subject)}</td><td>{Html(e.Detail)}</td></tr>"));
        }

        var violations = string.Concat(result.Violations.Select(v => $"<li>{Html(v.ToString())}</li>"));
        return $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>harness timeline: seed {{result.Scenario.Seed}}</title>
            <style>
            body { font: 13px system-ui, sans-serif; margin: 16px; }
            .axis { stroke: #ccc; } .violation line { stroke: #d00; stroke-width: 2; }
            .event { fill: #888; } .GuestFrozen { fill: #06c; } .GuestThawed { fill: #6cf; } .GuestStopped { fill: #036; } .GuestStarted { fill: #093; }
            .SnapshotCut { fill: #a0a; } .VolumeSnapshotCreated { fill: #c6c; } .VolumeSnapshotReady { fill: #0a0; }
            .PhaseChanged { fill: #f80; } .ConditionChanged { fill: #fc6; } .ObjectDeleted { fill: #444; }
            .ComponentCrashed { fill: #d00; } .ComponentStarted { fill: #0c6; } .ComponentStopped { fill: #999; }
            .FaultInjected { fill: #f33; } .OperationApplied { fill: #333; }
            table { border-collapse: collapse; } td { border-bottom: 1px solid #eee; padding: 2px 8px; vertical-align: top; }
            </style></head>
            <body>
            <h1>Seed {{result.Scenario.Seed}} ({{Html(result.Scenario.Faults.Name)}} faults)</h1>
            <p>Trace {{result.TraceHash}}, {{result.Steps}} steps, {{span.ToString("0", CultureInfo.InvariantCulture)}} s of virtual time. Replay: <code>{{Html(result.Scenario.ReplayCommand)}}</code></p>
            <h2>Violations</h2><ul id="violations">{{(violations.Length == 0 ? "<li>none</li>" : violations)}}</ul>
            <div id="timeline">{{svg}}</div>
            <p id="summary"></p>
            <h2>Case</h2><pre>{{Html(result.Scenario.Describe())}}</pre>
            <h2>Events</h2><table id="events">{{rows}}</table>
            <script>
            const lanes = document.querySelectorAll('#timeline .lane').length;
            const events = document.querySelectorAll('#timeline .event').length;
            const marked = [...new Set([...document.querySelectorAll('#timeline .violation')].map(v => v.dataset.invariant))];
            document.getElementById('summary').textContent = `${lanes} lanes, ${events} events, violated: ${marked.length ? marked.join(', ') : 'none'}`;
            document.body.dataset.rendered = `lanes=${lanes};events=${events};violated=${marked.join(',')}`;
            </script>
            </body></html>
            """;
    }

    private static string Html(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
