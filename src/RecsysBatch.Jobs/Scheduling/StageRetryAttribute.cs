using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;

namespace RecsysBatch.Jobs.Scheduling;

/// <summary>
/// Retries a failed stage job as many times as its run's schedule says (<see cref="RunLaunch.RetryAttempts"/>,
/// explicit, instead of Hangfire's default of 10), after <see cref="RunLaunch.RetryDelaySeconds"/> × attempt.
/// The attempt count is a job parameter, so it survives a server crash.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StageRetryAttribute : JobFilterAttribute, IElectStateFilter
{
    public const string CountParameter = "RecsysRetryCount";

    public static int RetriesSoFar(PerformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetJobParameter<int>(CountParameter);
    }

    public void OnStateElection(ElectStateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.CandidateState is not FailedState failed
            || context.BackgroundJob.Job?.Args.OfType<RunLaunch>().FirstOrDefault() is not { } launch)
        {
            return;
        }

        var done = context.GetJobParameter<int>(CountParameter);
        if (done >= launch.RetryAttempts)
        {
            return; // failed for good: the job has recorded the run as failed
        }

        var attempt = done + 1;
        context.SetJobParameter(CountParameter, attempt);
        var reason = $"Retry {attempt} of {launch.RetryAttempts} after: {failed.Exception.Message}";
        var delay = TimeSpan.FromSeconds((double)launch.RetryDelaySeconds * attempt);
        context.CandidateState = delay <= TimeSpan.Zero
            ? new EnqueuedState(launch.Queue) { Reason = reason }
            : new ScheduledState(delay) { Reason = reason };
    }
}
