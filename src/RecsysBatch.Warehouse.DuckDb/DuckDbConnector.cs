using System.Diagnostics;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using RecsysBatch.Core;

namespace RecsysBatch.Warehouse.DuckDb;

/// <summary>
/// Opens a connection to the warehouse file. DuckDB lets one process write a file at a time, so a file held
/// by another process (an analyst's session, an overlapping run) is retried with backoff for a bounded time.
/// </summary>
internal sealed class DuckDbConnector
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    private readonly Func<DuckDBConnection> _open;
    private readonly ILogger _logger;

    public DuckDbConnector(string path, TimeSpan lockTimeout, ILogger logger, long? memoryLimitBytes = null)
        : this(path, lockTimeout, logger, () => OpenFile(path, readOnly: false, memoryLimitBytes))
    {
        MemoryLimitBytes = memoryLimitBytes;
    }

    /// <summary>For tests: <paramref name="open"/> stands for opening the file.</summary>
    internal DuckDbConnector(string path, TimeSpan lockTimeout, ILogger logger, Func<DuckDBConnection> open)
    {
        Path = path;
        LockTimeout = lockTimeout;
        _logger = logger;
        _open = open;
    }

    public string Path { get; }

    public TimeSpan LockTimeout { get; }

    /// <summary>DuckDB's memory_limit on each connection (null: DuckDB's default, 80 % of RAM).</summary>
    public long? MemoryLimitBytes { get; }

    /// <summary>A connector to the same file that opens it read-only (queries: a write is refused by DuckDB).</summary>
    public DuckDbConnector ReadOnly() => new(Path, LockTimeout, _logger, () => OpenFile(Path, readOnly: true, MemoryLimitBytes));

    public async Task<DuckDBConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var delay = FirstDelay;
        var attempt = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            attempt++;
            try
            {
                return _open();
            }
            catch (Exception ex) when (IsLockConflict(ex))
            {
                if (clock.Elapsed + delay > LockTimeout)
                {
                    throw new RecsysException(
                        $"Warehouse file {Path} is locked by another process (waited {clock.Elapsed.TotalSeconds:0.#} s, {attempt} attempts): {FirstLine(ex.Message)}",
                        ex);
                }

                DuckDbLog.WaitingForLock(_logger, Path, attempt, delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            }
            catch (DuckDBException ex)
            {
                // Not a DuckDB database, a folder, no permission: a bad setting, not a bug.
                throw new RecsysException($"Warehouse file {Path} (Recsys:Warehouse / --warehouse) cannot be opened: {FirstLine(ex.Message)}", ex);
            }
        }
    }

    /// <summary>
    /// DuckDB reports a file held by another process as "IO Error: Could not set lock on file ...: Conflicting lock
    /// is held in PROGRAM (PID n)"; other open errors (corrupt file, no permission) fail at once.
    /// </summary>
    internal static bool IsLockConflict(Exception ex) =>
        ex.Message.Contains("Could not set lock on file", StringComparison.OrdinalIgnoreCase)
        || ex.Message.Contains("Conflicting lock", StringComparison.OrdinalIgnoreCase);

    private static DuckDBConnection OpenFile(string path, bool readOnly, long? memoryLimitBytes)
    {
        // Built, never concatenated: a ';' in the path must stay part of the file name, not start another option.
        var builder = new DuckDBConnectionStringBuilder { DataSource = path };
        if (readOnly)
        {
            builder["ACCESS_MODE"] = "READ_ONLY";
        }

        var connection = new DuckDBConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            DuckDbMemory.Limit(connection, memoryLimitBytes);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
