using RecsysBatch.Jobs.Scheduling;

namespace RecsysBatch.Host;

/// <summary>The schedules loaded at start-up: what admin endpoints can trigger and which queues a server serves.</summary>
internal sealed class ScheduleCatalog(IReadOnlyList<ScheduleDefinition> schedules)
{
    public IReadOnlyList<ScheduleDefinition> Schedules { get; } = schedules;

    public ScheduleDefinition? Find(string id) => Schedules.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.Ordinal));
}
