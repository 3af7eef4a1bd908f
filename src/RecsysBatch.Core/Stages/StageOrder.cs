using RecsysBatch.Core.Pipelines;

namespace RecsysBatch.Core.Stages;

/// <summary>
/// Checks the order of a pipeline's stages against their declarations: every required input
/// (<see cref="IPipelineStage.Consumes"/>) of an enabled stage must be made by a stage enabled earlier in the file,
/// so "rank before factorize" is an error when the file is validated, not a failure half-way through a run.
/// </summary>
public static class StageOrder
{
    /// <summary>
    /// One problem per missing input: the index of the reading stage in <paramref name="stages"/> and the message,
    /// e.g. "stage 'rank' reads factorize.model, made by 'factorize', which is not enabled before it". Stages not in
    /// <paramref name="registered"/> are left to the unknown-stage check.
    /// </summary>
    public static IReadOnlyList<(int Index, string Message)> Problems(IReadOnlyList<StageDefinition> stages, IReadOnlyDictionary<string, IPipelineStage> registered)
    {
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(registered);
        var problems = new List<(int, string)>();
        var earlier = new List<IPipelineStage>();
        for (var i = 0; i < stages.Count; i++)
        {
            if (!stages[i].Enabled || !registered.TryGetValue(stages[i].Name, out var stage))
            {
                continue;
            }

            foreach (var input in stage.Consumes.Where(c => c.Required && !earlier.Exists(c.IsMadeBy)))
            {
                var maker = registered.Values.FirstOrDefault(input.IsMadeBy);
                var why = maker is null ? "which no registered stage makes" : $"made by '{maker.Name}', which is not enabled before it";
                problems.Add((i, $"stage '{stage.Name}' reads {input.Describe()}, {why}"));
            }

            earlier.Add(stage);
        }

        return problems;
    }
}
