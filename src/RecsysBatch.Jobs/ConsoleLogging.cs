using Microsoft.Extensions.Logging;

namespace RecsysBatch.Jobs;

/// <summary>
/// The console log of every command (`run`, `backfill`, `serve`, ...): one line per entry, starting with an ISO 8601
/// UTC timestamp, all of it on stderr, so a nightly job's log file reads the same whichever command wrote it and
/// stdout stays for what a command prints as its result (tables, summaries, query output).
/// </summary>
public static class ConsoleLogging
{
    /// <summary>The timestamp each log line starts with, e.g. <c>2026-12-03T02:30:01.123Z </c>.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";

    public static ILoggingBuilder AddRecsysConsole(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.IncludeScopes = true;
            o.TimestampFormat = TimestampFormat;
            o.UseUtcTimestamp = true;
        });
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        return logging;
    }
}
