using Microsoft.Extensions.Logging;

namespace RecsysBatch.Host;

/// <summary>The host's log lines (source-generated).</summary>
internal static partial class HostLog
{
    [LoggerMessage(1, LogLevel.Information, "Schedules from {Folder}: {Count} loaded; recurring jobs added [{Added}], updated [{Updated}], removed [{Removed}]")]
    public static partial void SchedulesSynced(ILogger logger, string folder, int count, string added, string updated, string removed);

    [LoggerMessage(2, LogLevel.Information, "Hangfire server on queues [{Queues}] with {Storage} storage; dashboard at {Urls}/hangfire")]
    public static partial void Serving(ILogger logger, string queues, string storage, string urls);

    [LoggerMessage(3, LogLevel.Information, "Hangfire worker on queues [{Queues}] with {Storage} storage (no HTTP, no schedule sync)")]
    public static partial void Working(ILogger logger, string queues, string storage);

    [LoggerMessage(4, LogLevel.Information, "Stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(5, LogLevel.Warning, "Dashboard login failed for user '{User}' from {Address} (X-Forwarded-For: {ForwardedFor})")]
    public static partial void LoginFailed(ILogger logger, string user, string address, string forwardedFor);

    [LoggerMessage(6, LogLevel.Warning, "{Failures} failed dashboard logins from {Address} within {WindowSeconds} s: its logins answer 429 until the window ends")]
    public static partial void LoginsLimited(ILogger logger, int failures, string address, int windowSeconds);

    [LoggerMessage(7, LogLevel.Warning, "{Hint}")]
    public static partial void NoDashboardUsers(ILogger logger, string hint);
}
