namespace RecsysBatch.Host;

/// <summary>The queues this process's Hangfire server takes jobs from, resolved once at start-up.</summary>
internal sealed record ServerQueues(string[] Names);
