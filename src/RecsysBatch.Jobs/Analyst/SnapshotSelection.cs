using System.Globalization;
using RecsysBatch.Core;
using RecsysBatch.Core.Tables;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Jobs.Analyst;

/// <summary>
/// Which rows of which tables make up the snapshots an export asks for, found through read-only queries: the
/// (pipeline, snapshot date) pairs of succeeded runs, and for each table a WHERE clause selecting their rows
/// (by pipeline and date where the table has both columns, else through the runs' run_id, else by date).
/// </summary>
public sealed class SnapshotSelection
{
    private SnapshotSelection(IReadOnlyList<SnapshotKey> snapshots, IReadOnlyList<WarehouseTable> tables)
    {
        Snapshots = snapshots;
        Tables = tables;
    }

    /// <summary>The selected snapshots, by pipeline name.</summary>
    public IReadOnlyList<SnapshotKey> Snapshots { get; }

    /// <summary>The tables to export (those with a snapshot_date column, or those asked for), by name.</summary>
    public IReadOnlyList<WarehouseTable> Tables { get; }

    public static async Task<SnapshotSelection> FindAsync(IWarehouse warehouse, ExportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(request);
        var tables = await TablesAsync(warehouse, cancellationToken).ConfigureAwait(false);
        var unknown = request.Tables.FirstOrDefault(t => !tables.Any(w => w.Name.Equals(t, StringComparison.OrdinalIgnoreCase)));
        if (unknown is not null)
        {
            throw new RecsysException(
                $"--table {unknown}: the warehouse has no table of that name with a snapshot_date column (tables: {string.Join(", ", tables.Select(t => t.Name))}).");
        }

        var chosen = request.Tables.Count == 0
            ? tables
            : [.. tables.Where(w => request.Tables.Contains(w.Name, StringComparer.OrdinalIgnoreCase))];
        var pipelineFilter = request.Pipeline is null ? "" : $" AND pipeline = {SqlText.Literal(request.Pipeline)}";
        var sql = request.Snapshot is { } date
            ? $"SELECT DISTINCT pipeline, snapshot_date FROM job_runs WHERE status = 'succeeded' AND snapshot_date = {SqlText.Date(date)}{pipelineFilter} ORDER BY pipeline"
            : $"SELECT pipeline, max(snapshot_date) FROM job_runs WHERE status = 'succeeded'{pipelineFilter} GROUP BY pipeline ORDER BY pipeline";
        var found = await warehouse.QueryAsync(sql, cancellationToken).ConfigureAwait(false);
        var snapshots = found.Rows.Select(r => new SnapshotKey((string)r[0]!, ToDate(r[1]!))).ToList();
        if (snapshots.Count == 0)
        {
            var what = request.Snapshot is { } d ? $"of snapshot {d:yyyy-MM-dd}" : "at all";
            var whose = request.Pipeline is null ? "" : $" for pipeline '{request.Pipeline}'";
            throw new RecsysException($"{warehouse.Description}: no succeeded run {what}{whose}: nothing to export.");
        }

        return new SnapshotSelection(snapshots, chosen);
    }

    /// <summary>The WHERE condition that selects the rows of the chosen snapshots in <paramref name="table"/>.</summary>
    public string Filter(WarehouseTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var pairs = string.Join(" OR ", Snapshots.Select(s =>
            $"(pipeline = {SqlText.Literal(s.Pipeline)} AND snapshot_date = {SqlText.Date(s.SnapshotDate)})"));
        if (table.Has(TableSchema.PipelineColumn))
        {
            return pairs;
        }

        if (table.Has(TableSchema.RunIdColumn))
        {
            return $"run_id IN (SELECT run_id FROM job_runs WHERE {pairs})";
        }

        return $"snapshot_date IN ({string.Join(", ", Snapshots.Select(s => SqlText.Date(s.SnapshotDate)).Distinct())})";
    }

    /// <summary>The SELECT of one table's exported rows.</summary>
    public string Select(WarehouseTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return $"SELECT * FROM {SqlText.Identifier(table.Name)} WHERE {Filter(table)}";
    }

    private static async Task<List<WarehouseTable>> TablesAsync(IWarehouse warehouse, CancellationToken cancellationToken)
    {
        var columns = await warehouse.QueryAsync(
            "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c "
            + "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
            + "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' "
            + "ORDER BY c.table_name, c.ordinal_position",
            cancellationToken).ConfigureAwait(false);
        return [.. columns.Rows
            .GroupBy(r => (string)r[0]!, StringComparer.Ordinal)
            .Select(g => new WarehouseTable(g.Key, [.. g.Select(r => (string)r[1]!)], [.. g.Select(r => (string)r[2]!)]))
            .Where(t => t.Has(TableSchema.SnapshotDateColumn))
            .OrderBy(t => t.Name, StringComparer.Ordinal)];
    }

    private static DateOnly ToDate(object value) => value switch
    {
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        _ => DateOnly.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture),
    };
}
