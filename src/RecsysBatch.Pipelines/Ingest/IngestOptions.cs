using System.ComponentModel.DataAnnotations;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>Options of the ingest stage (pipeline file, stage "ingest"; JSON names are camelCase).</summary>
internal sealed class IngestOptions : IValidatableObject
{
    /// <summary>The stage fails when a source has a larger share of rejected lines (0.01 = 1%).</summary>
    [Range(0.0, 1.0)]
    public double MaxRejectedShare { get; set; } = 0.01;

    /// <summary>Events before this UTC day are rejected as out of range (catches zero and 1970 timestamps).</summary>
    public DateOnly ValidFrom { get; set; } = new(1990, 1, 1);

    /// <summary>Events at or after this UTC day are rejected as out of range (catches ms read as seconds).</summary>
    public DateOnly ValidTo { get; set; } = new(2100, 1, 1);

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
