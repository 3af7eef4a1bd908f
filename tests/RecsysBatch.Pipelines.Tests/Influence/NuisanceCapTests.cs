using RecsysBatch.Pipelines.Influence;

namespace RecsysBatch.Pipelines.Tests.Influence;

[TestClass]
public sealed class NuisanceCapTests
{
    private const int Parameters = 10;

    [TestMethod]
    public void Rows_RarerClassBeyondTheRule_KeepsAboutTheRuleWithBothClassesAlikeAndWholeUsers()
    {
        // 4000 users with 5 pairs each; every 10th pair is a positive (2000 of 20000).
        var user = Enumerable.Range(0, 20_000).Select(r => r / 5).ToArray();
        var label = Enumerable.Range(0, 20_000).Select(r => r % 10 == 0).ToArray();
        var train = Enumerable.Range(0, 20_000).ToArray();

        var kept = new NuisanceCap(user, 50, 7).Rows(train, label, Parameters);

        var positives = kept.Count(r => label[r]);
        Assert.AreEqual(500.0, positives, 75.0, "the rarer class keeps about 50 rows per parameter");
        Assert.AreEqual(0.1, positives / (double)kept.Length, 0.02, "both classes are kept with the same share");
        var keptUsers = kept.Select(r => user[r]).ToHashSet();
        Assert.AreEqual(keptUsers.Count * 5, kept.Length, "a user's pairs are kept or dropped together");
        CollectionAssert.AreEqual(kept, new NuisanceCap(user, 50, 7).Rows(train, label, Parameters), "the draw is seeded");
    }

    [TestMethod]
    public void Rows_FewRowsOrRuleOff_KeepsEveryRow()
    {
        var user = Enumerable.Range(0, 1000).ToArray();
        var label = Enumerable.Range(0, 1000).Select(r => r % 4 == 0).ToArray();
        var train = Enumerable.Range(0, 1000).Where(r => r % 3 != 0).ToArray();

        CollectionAssert.AreEqual(train, new NuisanceCap(user, 50, 7).Rows(train, label, Parameters), "167 positives, under 500");
        CollectionAssert.AreEqual(train, new NuisanceCap(user, 0, 7).Rows(train, label, 1), "0 turns the rule off");
    }
}
