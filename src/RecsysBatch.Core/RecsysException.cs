namespace RecsysBatch.Core;

/// <summary>
/// The one exception type for errors a user can act on (bad input, bad configuration, a failed check).
/// Its message is shown as the one-line error of the CLI and stored in job_runs.error.
/// </summary>
public sealed class RecsysException : Exception
{
    public RecsysException(string message) : base(message) { }

    public RecsysException(string message, Exception innerException) : base(message, innerException) { }

    public RecsysException() { }
}
