using System.Text;

namespace RecsysBatch.Core.Stages;

/// <summary>
/// The flow of a set of stages as a Mermaid flowchart, built from their declarations only: each stage, the tables
/// it publishes (<see cref="IPipelineStage.OutputTables"/>) and artifacts it leaves (<see cref="IPipelineStage.Produces"/>),
/// and what it reads (<see cref="IPipelineStage.Consumes"/>; dotted: optional). docs/architecture.md holds the
/// chart of the registered stages and a test compares the two, so the picture cannot drift from the code.
/// </summary>
public static class StageFlow
{
    public static string Mermaid(IEnumerable<IPipelineStage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var list = stages.ToList();
        var text = new StringBuilder("flowchart LR\n");
        foreach (var stage in list)
        {
            text.Append($"    {Id("s", stage.Name)}([\"{stage.Name}\"])\n");
        }

        foreach (var stage in list)
        {
            foreach (var table in stage.OutputTables)
            {
                text.Append($"    {Id("s", stage.Name)} --> {Id("t", table.Name)}[(\"{table.Name}\")]\n");
            }

            foreach (var artifact in stage.Produces)
            {
                text.Append($"    {Id("s", stage.Name)} --> {Id("a", artifact.Name)}{{{{\"{artifact.Name}\"}}}}\n");
            }
        }

        foreach (var stage in list)
        {
            foreach (var input in stage.Consumes)
            {
                var from = input.Artifact is not null ? Id("a", input.Name) : Id("t", input.Name);
                text.Append($"    {from} {(input.Required ? "-->" : "-.->")} {Id("s", stage.Name)}\n");
            }
        }

        return text.ToString();
    }

    private static string Id(string kind, string name) => kind + "_" + name.Replace('.', '_').Replace('-', '_');
}
