using Microsoft.Extensions.Logging;

namespace Harness.Scenarios.Cluster.Logging;

/// <summary>One category's logger of a <see cref="LogFileLoggerProvider"/>; the factory's filters decide what is enabled.</summary>
internal sealed class LogFileLogger(string category, LogFileLoggerProvider file) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (IsEnabled(logLevel))
        {
            file.Write(category, logLevel, eventId, formatter(state, exception), exception);
        }
    }
}
