namespace RecsysBatch.Pipelines.Definitions;

/// <summary>One problem found in a pipeline file: where (a JSON path such as $.stages[1].options.maxRejectedShare) and what.</summary>
public sealed record PipelineProblem(string JsonPath, string Message)
{
    public override string ToString() => $"{JsonPath}: {Message}";
}
