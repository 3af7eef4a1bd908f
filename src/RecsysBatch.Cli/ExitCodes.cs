namespace RecsysBatch.Cli;

/// <summary>Process exit codes of `recsys`.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The run started and failed (bad input data, a stage failed); a failed job_runs row was written.</summary>
    public const int RunFailed = 1;

    /// <summary>Bad arguments, configuration or pipeline file: nothing ran.</summary>
    public const int InvalidInput = 2;

    /// <summary>An unexpected error (a bug): the message and stack trace went to the log.</summary>
    public const int Unexpected = 3;
}
