using System.ComponentModel.DataAnnotations;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>Options of the ingest stage (pipeline file, stage "ingest"; JSON names are camelCase).</summary>
internal sealed class IngestOptions : IValidatableObject
{
    public const int DefaultMaxIdBytes = 256;

    /// <summary>The stage fails when a source has a larger share of rejected lines (0.01 = 1%).</summary>
    [Range(0.0, 1.0)]
    public double MaxRejectedShare { get; set; } = 0.01;

    /// <summary>Events before this UTC day are rejected as out of range (catches zero and 1970 timestamps).</summary>
    public DateOnly ValidFrom { get; set; } = new(1990, 1, 1);

    /// <summary>Events at or after this UTC day are rejected as out of range (catches ms read as seconds).</summary>
    public DateOnly ValidTo { get; set; } = new(2100, 1, 1);

    /// <summary>
    /// Events later than the run's clock plus this many hours are rejected as future timestamps (clock skew of
    /// the producers is tolerated, a 2099 event is not).
    /// </summary>
    [Range(0, 876_000)]
    public int FutureToleranceHours { get; set; } = 24;

    /// <summary>Longest user, item or category id in UTF-8 bytes; a longer one rejects its line.</summary>
    [Range(1, 1 << 20)]
    public int MaxIdBytes { get; set; } = DefaultMaxIdBytes;

    /// <summary>
    /// Exact repeats of an earlier line are dropped and counted (at-least-once delivery); true rejects them
    /// instead, as "duplicate event" rows that count against <see cref="MaxRejectedShare"/>.
    /// </summary>
    public bool DuplicatesAsRejected { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ValidFrom >= ValidTo)
        {
            yield return new ValidationResult(
                $"validFrom ({ValidFrom:yyyy-MM-dd}) must be before validTo ({ValidTo:yyyy-MM-dd}).",
                [nameof(ValidFrom), nameof(ValidTo)]);
        }
    }
}
