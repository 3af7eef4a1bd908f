using System.Globalization;
using RecsysBatch.Core;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Reports;

/// <summary>
/// What the report reads: the rows of one run, through the warehouse's read-only <see cref="IWarehouse.QueryAsync"/>
/// only (SQL that DuckDB and PostgreSQL both accept). Which tables exist is asked once, so a table the run's stages
/// never created (a stage not in the pipeline, a warehouse of an earlier version) is "not applicable", not an error.
/// </summary>
internal sealed class ReportSource
{
    private readonly IWarehouse _warehouse;
    private HashSet<string>? _tables;

    public ReportSource(IWarehouse warehouse, string runId)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        _warehouse = warehouse;
        RunId = runId;
    }

    public string RunId { get; }

    public string WarehouseDescription => _warehouse.Description;

    public async Task<bool> HasTableAsync(string table, CancellationToken cancellationToken)
    {
        if (_tables is null)
        {
            var result = await _warehouse.QueryAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()", cancellationToken);
            _tables = new HashSet<string>(result.Rows.Select(r => Convert.ToString(r[0], CultureInfo.InvariantCulture) ?? ""), StringComparer.OrdinalIgnoreCase);
        }

        return _tables.Contains(table);
    }

    /// <summary>
    /// <c>SELECT {select} FROM {table} WHERE {runIdColumn} = RUN [AND {where}] [GROUP BY ...] [ORDER BY ...]</c>; the caller's
    /// parts are constants of the report, never user text.
    /// </summary>
    public Task<QueryResult> QueryAsync(string select, string table, CancellationToken cancellationToken, string? where = null, string? tail = null, string runIdColumn = "run_id")
    {
        var sql = $"SELECT {select} FROM {table} WHERE {runIdColumn} = {Literal(RunId)}" + (where is null ? "" : $" AND ({where})") + (tail is null ? "" : " " + tail);
        return _warehouse.QueryAsync(sql, cancellationToken);
    }

    /// <summary>The job_runs row of the run; a run the warehouse does not know is a one-line error.</summary>
    public async Task<JobRun> RunAsync(CancellationToken cancellationToken)
    {
        var result = await QueryAsync(
            "run_id, pipeline, snapshot_date, status, started_at, finished_at, error, input_rows, rejected_rows, duplicates_dropped, events, after_snapshot, app_version, notes",
            "job_runs", cancellationToken);
        if (result.Rows.Count == 0)
        {
            throw new RecsysException($"Warehouse {_warehouse.Description}: no run {RunId} in job_runs.");
        }

        var r = result.Rows[0];
        return new JobRun
        {
            RunId = Text(r[0]),
            Pipeline = Text(r[1]),
            SnapshotDate = Date(r[2]),
            Status = Text(r[3]),
            StartedAt = Time(r[4]) ?? DateTime.MinValue,
            FinishedAt = Time(r[5]),
            Error = r[6] as string,
            InputRows = Long(r[7]) ?? 0,
            RejectedRows = Long(r[8]) ?? 0,
            DuplicatesDropped = Long(r[9]) ?? 0,
            Events = Long(r[10]),
            AfterSnapshot = Long(r[11]),
            AppVersion = Text(r[12]),
            Notes = r[13] as string,
        };
    }

    /// <summary>
    /// The newest run (by started_at) with status succeeded, of one pipeline when given; null when there is none.
    /// </summary>
    public static async Task<string?> NewestSucceededAsync(IWarehouse warehouse, string? pipeline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        var filter = pipeline is null ? "" : $" AND pipeline = {Literal(pipeline)}";
        var result = await warehouse.QueryAsync($"SELECT run_id FROM job_runs WHERE status = 'succeeded'{filter} ORDER BY started_at DESC, run_id DESC LIMIT 1", cancellationToken);
        return result.Rows.Count == 0 ? null : Text(result.Rows[0][0]);
    }

    public static string Literal(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    public static string Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    public static double Double(object? value) => value is null ? double.NaN : Convert.ToDouble(value, CultureInfo.InvariantCulture);

    public static long? Long(object? value) => value is null ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    public static DateOnly Date(object? value) => value switch
    {
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        DateTimeOffset o => DateOnly.FromDateTime(o.UtcDateTime),
        _ => DateOnly.Parse(Text(value), CultureInfo.InvariantCulture),
    };

    public static DateTime? Time(object? value) => value switch
    {
        null => null,
        DateTime t => t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc),
        DateTimeOffset o => o.UtcDateTime,
        _ => DateTime.Parse(Text(value), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal),
    };
}
