namespace RecsysBatch.Host;

/// <summary>
/// A login's result: the user when it succeeded, how long to wait when <see cref="LoginStatus.Limited"/>, and whether
/// this failure is the one that reached the limit.
/// </summary>
internal sealed record LoginOutcome(LoginStatus Status, DashboardUser? User = null, TimeSpan RetryAfter = default, bool ReachedLimit = false);
