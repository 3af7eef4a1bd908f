using System.Data.Common;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RecsysBatch.Core;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Jobs.Runs;

/// <summary>
/// Failures the warehouse could not take when they happened (e.g. another process held the DuckDB file through the
/// whole lock wait): kept as ArtifactsPath/unrecorded-failures/RUN_ID.json and written by the next run that opens the
/// same warehouse, so a run never stays 'running' because its own failure could not be recorded.
/// </summary>
internal static class PendingFailures
{
    public const string FolderName = "unrecorded-failures";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Records <paramref name="failed"/>; when the warehouse cannot take it, keeps it for the next run and says where.</summary>
    public static async Task<string?> RecordAsync(IWarehouse warehouse, JobRun failed, string artifactsRoot, ILogger logger)
    {
        try
        {
            // The failure itself must be recorded even when the run was cancelled: CancellationToken.None on purpose.
            await warehouse.RecordRunFailedAsync(failed, CancellationToken.None);
            return null;
        }
        catch (Exception ex) when (IsWarehouseProblem(ex))
        {
            var folder = Path.Combine(artifactsRoot, FolderName);
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, failed.RunId + ".json");
            File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(new Pending(warehouse.Description, failed), Json));
            RunnerLog.FailureNotRecorded(logger, failed.RunId, FailureText.OneLine(ex.Message), path);
            return path;
        }
    }

    /// <summary>Writes the kept failures of this warehouse; one that still cannot be written stays for the next run.</summary>
    public static async Task ReplayAsync(IWarehouse warehouse, string artifactsRoot, ILogger logger, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(artifactsRoot, FolderName);
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            Pending? pending;
            try
            {
                pending = JsonSerializer.Deserialize<Pending>(File.ReadAllBytes(path));
            }
            catch (JsonException)
            {
                continue; // half-written by a process that died: nothing reliable to record
            }

            if (pending is null || pending.Warehouse != warehouse.Description)
            {
                continue;
            }

            try
            {
                await warehouse.RecordRunFailedAsync(pending.Run, cancellationToken);
            }
            catch (Exception ex) when (IsWarehouseProblem(ex))
            {
                return;
            }

            File.Delete(path);
            RunnerLog.PendingFailureRecorded(logger, pending.Run.RunId);
        }
    }

    private static bool IsWarehouseProblem(Exception ex) => ex is RecsysException or DbException or IOException or TimeoutException;

    private sealed record Pending(string Warehouse, JobRun Run);
}
