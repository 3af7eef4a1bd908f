namespace RecsysBatch.Core.Stages;

/// <summary>
/// Applies every stage's <see cref="IPipelineStage.QualityRules"/> to the run's model_metrics rows before publish:
/// one note per failed check, <c>quality: STAGE: …</c>, in the run summary and job_runs.notes, and per stage with
/// rules a model_metrics row (model <c>quality</c>, metric <c>warnings</c>) with the count.
/// </summary>
public static class QualityGate
{
    /// <summary>The least positives (users, customers) a hold-out figure is read at without a warning.</summary>
    public const double MinimumSupport = 30;

    public const string Model = "quality";

    public const string Metric = "warnings";

    /// <summary>
    /// Adds the notes and counts to <paramref name="data"/> for the stages that reported figures; a stage whose count is
    /// already there (applied before) is left as it is.
    /// </summary>
    public static void Apply(RunData data, IReadOnlyDictionary<string, IPipelineStage> stages)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(stages);
        var byStage = data.Metrics.Where(m => m.Model != Model).GroupBy(m => m.Stage, StringComparer.Ordinal).ToList();
        foreach (var group in byStage)
        {
            var applied = data.Metrics.Exists(m => m.Stage == group.Key && m.Model == Model);
            if (applied || !stages.TryGetValue(group.Key, out var stage) || stage.QualityRules.Count == 0)
            {
                continue;
            }

            var rows = group.ToList();
            var warnings = stage.QualityRules.SelectMany(r => r.Warnings(rows)).Distinct(StringComparer.Ordinal).ToList();
            data.Notes.AddRange(warnings.Select(w => $"quality: {group.Key}: {w}"));
            data.Metrics.Add(new ModelMetric(group.Key, Model, Metric, warnings.Count));
        }
    }
}
