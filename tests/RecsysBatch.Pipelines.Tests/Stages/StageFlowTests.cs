using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Tests.Stages;

[TestClass]
public sealed class StageFlowTests
{
    [TestMethod]
    public void ArchitectureDoc_FlowChart_IsTheOneTheRegisteredStagesDeclare()
    {
        var expected = StageFlow.Mermaid(RegisteredStages.All());
        var doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "architecture.md")).ReplaceLineEndings("\n");
        const string Open = "```mermaid\n";
        var start = doc.IndexOf(Open, StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, start, "docs/architecture.md has a mermaid block");
        var end = doc.IndexOf("```", start + Open.Length, StringComparison.Ordinal);

        var actual = doc[(start + Open.Length)..end];

        Assert.AreEqual(expected, actual, "docs/architecture.md's chart differs from the stages' declarations; replace the block with:\n" + expected);
    }

    [TestMethod]
    public void Mermaid_RankAndInfluence_ReadEdgesSolidWhenRequiredDottedWhenOptional()
    {
        var chart = StageFlow.Mermaid(RegisteredStages.All());

        StringAssert.Contains(chart, "    s_factorize --> a_factorize_model{{\"factorize.model\"}}\n");
        StringAssert.Contains(chart, "    a_factorize_model --> s_rank\n");
        StringAssert.Contains(chart, "    t_candidates --> s_rank\n");
        StringAssert.Contains(chart, "    t_user_value_scores -.-> s_influence\n");
    }
}
