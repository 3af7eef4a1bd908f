using System.Diagnostics.CodeAnalysis;
using System.ComponentModel.DataAnnotations;
using RecsysBatch.Jobs.Scheduling;

namespace RecsysBatch.Host;

/// <summary>
/// The "Recsys:Serve" section: how `recsys serve` listens, where its schedules and Hangfire storage are, and who may
/// use the dashboard. Validated before anything starts so a bad value is one line naming the setting.
/// </summary>
public sealed class ServeOptions : IValidatableObject
{
    public const string Section = "Recsys:Serve";

    /// <summary>http:// URLs to listen on, separated by ';'. TLS belongs to a reverse proxy in front.</summary>
    [Required]
    public string Urls { get; set; } = "http://127.0.0.1:5000";

    /// <summary>Folder of *.schedule.json files, relative to the working directory.</summary>
    [Required]
    public string Schedules { get; set; } = "schedules";

    /// <summary>"inmemory" (one process, lost on exit) or "postgres:CONNSTRING" (shared by every server).</summary>
    [Required]
    public string Storage { get; set; } = HangfireStorageSpec.InMemory;

    /// <summary>Schema of Hangfire's tables with PostgreSQL storage (created when missing).</summary>
    [Required]
    [RegularExpression("^[a-z_][a-z0-9_]{0,62}$", ErrorMessage = "Recsys:Serve:SchemaName must be a lower-case SQL identifier.")]
    public string SchemaName { get; set; } = HangfireStorageSettings.DefaultSchemaName;

    /// <summary>How long a job fetched by a server that died stays invisible before another server takes it over.</summary>
    [Range(30, 86_400, ErrorMessage = "Recsys:Serve:InvisibilityTimeoutSeconds must be between 30 and 86400.")]
    public int InvisibilityTimeoutSeconds { get; set; } = HangfireStorageSettings.DefaultInvisibilityTimeoutSeconds;

    /// <summary>
    /// With PostgreSQL storage: after how long a distributed lock left behind by a server that died counts as
    /// abandoned (Hangfire.PostgreSql's DistributedLockTimeout); the stage job of a dead server holds one.
    /// </summary>
    [Range(5, 3600, ErrorMessage = "Recsys:Serve:DistributedLockTimeoutSeconds must be between 5 and 3600.")]
    public int DistributedLockTimeoutSeconds { get; set; } = HangfireStorageSettings.DefaultDistributedLockTimeoutSeconds;

    /// <summary>With PostgreSQL storage: idle servers wait for jobs with LISTEN/NOTIFY rather than polling every 15 s.</summary>
    public bool LongPolling { get; set; } = true;

    /// <summary>Hangfire workers of this server; default: Hangfire's (5 per core, at most 20).</summary>
    [Range(1, 200, ErrorMessage = "Recsys:Serve:WorkerCount must be between 1 and 200.")]
    public int? WorkerCount { get; set; }

    /// <summary>Queues this server takes jobs from, in priority order; default: the schedules' queues and "default".</summary>
    [SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "Bound from configuration.")]
    public string[]? Queues { get; set; }

    public DashboardAccessOptions Dashboard { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var url in UrlList())
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/" || url.EndsWith(":0", StringComparison.Ordinal))
            {
                yield return new ValidationResult($"Recsys:Serve:Urls: '{url}' is not a URL like http://127.0.0.1:5000 (http only: put TLS in a reverse proxy).");
            }
        }

        if (HangfireStorageSpec.TryParse(Storage, out _) is { } storageError)
        {
            yield return new ValidationResult(storageError);
        }

        foreach (var queue in Queues ?? [])
        {
            if (!HangfireQueues.IsValid(queue))
            {
                yield return new ValidationResult($"Recsys:Serve:Queues: '{queue}' is not a Hangfire queue name (lower-case letters, digits, '_' and '-').");
            }
        }

        foreach (var result in Dashboard.Validate())
        {
            yield return result;
        }
    }

    /// <summary>The storage part of these settings (what the run leases of in-process runs read too).</summary>
    public HangfireStorageSettings StorageSettings() => new(Storage, SchemaName, InvisibilityTimeoutSeconds, DistributedLockTimeoutSeconds) { LongPolling = LongPolling };

    public IReadOnlyList<string> UrlList() => Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
