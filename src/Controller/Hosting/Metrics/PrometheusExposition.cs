using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Harness.Controller.Hosting;

/// <summary>
/// Listens to one <see cref="Meter"/> and writes what it measured in Prometheus's text exposition format 0.0.4:
/// per metric a <c># HELP</c> and a <c># TYPE</c> line, then one sample per label set (labels sorted by name, values
/// escaped). Counters are summed, gauges keep the last value, histograms are cumulative <c>_bucket{le=...}</c> series
/// (the instrument's advised bounds, else Prometheus's defaults) with <c>_sum</c> and <c>_count</c>; observable
/// instruments are read afresh at every scrape. Metrics appear in the order their instruments were published.
/// </summary>
public sealed class PrometheusExposition : IDisposable
{
    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Lock gate = new();
    private readonly MeterListener listener = new();
    private readonly Dictionary<Instrument, MetricFamily> families = [];
    private readonly List<MetricFamily> order = [];

    public PrometheusExposition(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        listener.InstrumentPublished = (instrument, subscriber) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                lock (gate)
                {
                    var family = new MetricFamily(instrument, Buckets(instrument));
                    families[instrument] = family;
                    order.Add(family);
                }

                subscriber.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
    }

    /// <summary>The exposition's content type.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Reads the observable instruments and writes every metric.</summary>
    public string Scrape()
    {
        lock (gate)
        {
            foreach (var family in order.Where(family => family.Observable))
            {
                family.Samples.Clear();
            }
        }

        listener.RecordObservableInstruments();
        var text = new StringBuilder();
        lock (gate)
        {
            foreach (var family in order)
            {
                family.Write(text);
            }
        }

        return text.ToString();
    }

    public void Dispose() => listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = Labels(tags);
        lock (gate)
        {
            if (families.TryGetValue(instrument, out var family))
            {
                family.Record(labels, value);
            }
        }
    }

    private static double[] Buckets(Instrument instrument) =>
        instrument is Histogram<double> { Advice.HistogramBucketBoundaries: { Count: > 0 } bounds } ? [.. bounds] : DefaultBuckets;

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var pairs = new List<KeyValuePair<string, object?>>(tags.ToArray());
        pairs.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return string.Join(",", pairs.Select(pair => $"{pair.Key}=\"{Escape(Convert.ToString(pair.Value, CultureInfo.InvariantCulture) ?? "")}\""));
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal);

    internal static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>One metric: its samples by label text (counter/gauge: a value; histogram: bucket counts, sum and count).</summary>
    private sealed class MetricFamily(Instrument instrument, double[] buckets)
    {
        public bool Observable => instrument.IsObservable;

        public Dictionary<string, double[]> Samples { get; } = [];

        private bool IsHistogram => instrument is Histogram<double>;

        private string Type => instrument switch
        {
            Counter<long> or Counter<int> or Counter<double> => "counter",
            Histogram<double> => "histogram",
            _ => "gauge",
        };

        public void Record(string labels, double value)
        {
            if (!Samples.TryGetValue(labels, out var sample))
            {
                sample = new double[IsHistogram ? buckets.Length + 2 : 1];
                Samples[labels] = sample;
            }

            if (IsHistogram)
            {
                for (var i = 0; i < buckets.Length; i++)
                {
                    if (value <= buckets[i])
                    {
                        sample[i]++;
                    }
                }

                sample[^2] += value;
                sample[^1]++;
            }
            else if (Type == "counter")
            {
                sample[0] += value;
            }
            else
            {
                sample[0] = value;
            }
        }

        public void Write(StringBuilder text)
        {
            var name = instrument.Name;
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {instrument.Description}\n# TYPE {name} {Type}\n");
            foreach (var (labels, sample) in Samples.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                if (!IsHistogram)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{name}{Braces(labels)} {Number(sample[0])}\n");
                    continue;
                }

                var prefix = labels.Length == 0 ? "" : labels + ",";
                for (var i = 0; i < buckets.Length; i++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{prefix}le=\"{Number(buckets[i])}\"}} {Number(sample[i])}\n");
                }

                text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{prefix}le=\"+Inf\"}} {Number(sample[^1])}\n");
                text.Append(CultureInfo.InvariantCulture, $"{name}_sum{Braces(labels)} {Number(sample[^2])}\n");
                text.Append(CultureInfo.InvariantCulture, $"{name}_count{Braces(labels)} {Number(sample[^1])}\n");
            }
        }

        private static string Braces(string labels) => labels.Length == 0 ? "" : "{" + labels + "}";
    }
}
