using System.Text.RegularExpressions;

namespace RecsysBatch.Host;

/// <summary>Which queues a server listens to: Hangfire only accepts lower-case names, and "default" is always served.</summary>
internal static partial class HangfireQueues
{
    public const string Default = "default";

    public static bool IsValid(string queue) => QueueName().IsMatch(queue);

    /// <summary>Configured queues as given; else the schedules' queues (in file order) followed by "default".</summary>
    public static string[] Resolve(IReadOnlyList<string>? configured, IEnumerable<string> scheduleQueues) =>
        configured is { Count: > 0 } ? [.. configured] : [.. scheduleQueues.Append(Default).Distinct(StringComparer.Ordinal)];

    [GeneratedRegex("^[a-z0-9_-]+$")]
    private static partial Regex QueueName();
}
