using System.Diagnostics;
using DuckDB.NET.Data;
using RecsysBatch.Core;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// Opens a run's checkpoint file. DuckDB lets one process write a file, or several read it, at a time; a save takes
/// seconds, so a file another process (or another connection of this one, opened read-write while this asks
/// read-only) holds is retried with backoff for a bounded time. A file DuckDB cannot read is a
/// <see cref="RecsysException"/> naming it.
/// </summary>
internal static class CheckpointConnection
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);

    public static DuckDBConnection Open(string path, bool readOnly)
    {
        var clock = Stopwatch.StartNew();
        var delay = FirstDelay;
        while (true)
        {
            var builder = new DuckDBConnectionStringBuilder { DataSource = path };
            if (readOnly)
            {
                builder["ACCESS_MODE"] = "READ_ONLY";
            }

            var connection = new DuckDBConnection(builder.ConnectionString);
            try
            {
                connection.Open();
                return connection;
            }
            catch (DuckDBException ex) when (IsBusy(ex) && clock.Elapsed + delay < LockTimeout)
            {
                connection.Dispose();
                Thread.Sleep(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            }
            catch (DuckDBException ex)
            {
                connection.Dispose();
                throw IsBusy(ex)
                    ? new RecsysException($"{path}: checkpoint file held by another process for {clock.Elapsed.TotalSeconds:0} s: {FirstLine(ex.Message)}", ex)
                    : new RecsysException($"{path}: corrupt or truncated checkpoint file, DuckDB cannot open it: {FirstLine(ex.Message)}", ex);
            }
        }
    }

    public static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    /// <summary>"Could not set lock on file ... Conflicting lock is held" (another process), or this process has it open with other settings.</summary>
    private static bool IsBusy(DuckDBException ex) =>
        ex.Message.Contains("Could not set lock on file", StringComparison.OrdinalIgnoreCase)
        || ex.Message.Contains("Conflicting lock", StringComparison.OrdinalIgnoreCase)
        || ex.Message.Contains("different configuration", StringComparison.OrdinalIgnoreCase);
}
