using DuckDB.NET.Data;
using RecsysBatch.Core;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// The fixed tables of a checkpoint file (see <see cref="RunCheckpointStore"/> for what each holds). Created by the
/// first save inside its own transaction, so a file whose first save never committed holds no table at all.
/// </summary>
internal static class CheckpointSchema
{
    /// <summary>The layout version in table <c>format</c>; a file of another version is refused, naming it.</summary>
    public const int Version = 1;

    private const string Ddl = """
        CREATE TABLE IF NOT EXISTS format (version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS checkpoints (seq INTEGER NOT NULL, stage VARCHAR PRIMARY KEY, run_id VARCHAR NOT NULL, completed_at TIMESTAMP NOT NULL);
        CREATE TABLE IF NOT EXISTS snapshot (snapshot_date DATE NOT NULL);
        CREATE TABLE IF NOT EXISTS event_table (events INTEGER NOT NULL, has_item_titles BOOLEAN NOT NULL, stage VARCHAR NOT NULL);
        CREATE TABLE IF NOT EXISTS events (user_key INTEGER NOT NULL, item_key INTEGER NOT NULL, category_key INTEGER NOT NULL, type UTINYINT NOT NULL, ts_ms BIGINT NOT NULL, value DOUBLE NOT NULL);
        CREATE TABLE IF NOT EXISTS event_users (key INTEGER NOT NULL, id VARCHAR NOT NULL);
        CREATE TABLE IF NOT EXISTS event_items (key INTEGER NOT NULL, id VARCHAR NOT NULL, title VARCHAR);
        CREATE TABLE IF NOT EXISTS event_categories (key INTEGER NOT NULL, id VARCHAR NOT NULL);
        CREATE TABLE IF NOT EXISTS ingest (after_snapshot BIGINT NOT NULL, events BIGINT NOT NULL, newest_event_ms BIGINT, stage VARCHAR NOT NULL);
        CREATE TABLE IF NOT EXISTS ingest_sources (i INTEGER NOT NULL, source VARCHAR NOT NULL, input_rows BIGINT NOT NULL, rejected_rows BIGINT NOT NULL, duplicates_dropped BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS ingest_rejects (source_i INTEGER NOT NULL, i INTEGER NOT NULL, reason VARCHAR NOT NULL, count BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS rejected (i INTEGER NOT NULL, source VARCHAR NOT NULL, line_number BIGINT NOT NULL, raw VARCHAR NOT NULL, reason VARCHAR NOT NULL);
        CREATE TABLE IF NOT EXISTS metrics (i INTEGER NOT NULL, stage VARCHAR NOT NULL, model VARCHAR NOT NULL, metric VARCHAR NOT NULL, value DOUBLE NOT NULL);
        CREATE TABLE IF NOT EXISTS notes (i INTEGER NOT NULL, note VARCHAR NOT NULL);
        CREATE TABLE IF NOT EXISTS outputs (i INTEGER NOT NULL, name VARCHAR NOT NULL, sql_table VARCHAR NOT NULL, rows INTEGER NOT NULL, stage VARCHAR NOT NULL);
        CREATE TABLE IF NOT EXISTS output_columns (output VARCHAR NOT NULL, i INTEGER NOT NULL, name VARCHAR NOT NULL, type VARCHAR NOT NULL, nullable BOOLEAN NOT NULL, description VARCHAR NOT NULL, sql_type VARCHAR, null_mask BOOLEAN);
        CREATE TABLE IF NOT EXISTS artifacts (i INTEGER NOT NULL, name VARCHAR NOT NULL, stage VARCHAR NOT NULL, codec_id VARCHAR NOT NULL, type VARCHAR NOT NULL, version INTEGER NOT NULL, bytes BLOB NOT NULL, sha256 VARCHAR NOT NULL);
        """;

    /// <summary>
    /// Creates the tables when missing (inside the caller's transaction: the first save creates them all or none, so
    /// a file that has <c>checkpoints</c> has them all) and checks the layout version.
    /// </summary>
    public static void Ensure(DuckDBConnection connection, string path)
    {
        if (!Exists(connection))
        {
            CheckpointSql.Execute(connection, Ddl);
            if (Stored(connection) is null)
            {
                CheckpointSql.Execute(connection, "INSERT INTO format VALUES ($1)", Version);
            }
        }

        Check(connection, path);
    }

    /// <summary>True when the file holds the checkpoint tables (false: its first save never committed).</summary>
    public static bool Exists(DuckDBConnection connection) =>
        Convert.ToInt64(CheckpointSql.Scalar(connection, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'checkpoints' AND schema_name = 'main'"), System.Globalization.CultureInfo.InvariantCulture) > 0;

    /// <summary>Throws naming the file when it was written with another layout version.</summary>
    public static void Check(DuckDBConnection connection, string path)
    {
        if (Stored(connection) is not Version)
        {
            throw new RecsysException($"{path}: checkpoint layout {Stored(connection)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}, this build reads {Version}; the run cannot be resumed.");
        }
    }

    private static int? Stored(DuckDBConnection connection) =>
        CheckpointSql.Scalar(connection, "SELECT max(version) FROM format") is { } value ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) : null;
}
