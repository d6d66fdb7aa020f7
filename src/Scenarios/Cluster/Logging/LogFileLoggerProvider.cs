using Microsoft.Extensions.Logging;

namespace Harness.Scenarios.Cluster.Logging;

/// <summary>
/// Loggers that append one line per event to a file, as the console logger of a <c>harness-controller</c> process writes
/// them into its log (<c>2026-12-07T21:30:00.123Z info: Harness.Controller[0] Started controllers ...</c>), for a
/// component hosted in this process. Disposing it closes the file.
/// </summary>
internal sealed class LogFileLoggerProvider(string path, TimeProvider time) : ILoggerProvider
{
    private readonly StreamWriter file = new(path, append: true) { AutoFlush = true };

    public ILogger CreateLogger(string categoryName) => new LogFileLogger(categoryName, this);

    /// <summary>Appends the event's line (an exception on the same line).</summary>
    internal void Write(string category, LogLevel level, EventId eventId, string message, Exception? exception)
    {
        var line = $"{time.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {Abbreviation(level)}: {category}[{eventId.Id}] {message}"
            + (exception is null ? "" : " " + exception.ToString().ReplaceLineEndings(" "));
        lock (file)
        {
            file.WriteLine(line);
        }
    }

    public void Dispose()
    {
        lock (file)
        {
            file.Dispose();
        }
    }

    private static string Abbreviation(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };
}
