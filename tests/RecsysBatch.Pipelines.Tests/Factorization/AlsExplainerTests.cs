using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Pipelines.Tests.Factorization;

[TestClass]
public sealed class AlsExplainerTests
{
    private const int Groups = 4;
    private const int UsersPerGroup = 30;
    private const int ItemsPerGroup = 20;
    private const int Items = Groups * ItemsPerGroup;

    /// <summary>The last user: one strong item (key 3, group 0, value 8) and weak single events on one item of each other group.</summary>
    private const int Probe = Groups * UsersPerGroup;
    private const int StrongItem = 3;

    private static MatrixFactorizationOptions Options(double c = 0) => new()
    {
        LossFunction = MfLossFunction.SquareLossOneClass,
        ApproximationRank = 6,
        NumberOfIterations = 10,
        Lambda = 0.5,
        Alpha = 5,
        C = c,
        NumberOfThreads = 2,
        Seed = 3,
    };

    [TestMethod]
    [DataRow(0.0, DisplayName = "C = 0 (factorize)")]
    [DataRow(0.05, DisplayName = "C = 0.05 (prior term)")]
    public void Explain_TrainedModel_ContributionsPlusPriorSumToTheScore(double c)
    {
        var (matrix, rows) = Planted();
        var options = Options(c);
        var model = AlsTrainer.Train(matrix, options);
        var explainer = new AlsExplainer(model, rows, options.Lambda, options.Alpha, options.C);

        var checkedPairs = 0;
        for (var u = 0; u <= Probe; u += 7)
        {
            int[] items = [.. Enumerable.Range(0, Items).Where(i => i % 5 == u % 5)];
            var explanations = explainer.Explain(u, items, count: 3);
            Assert.IsNotNull(explanations, $"user {u}");
            for (var n = 0; n < items.Length; n++)
            {
                var score = model.Score(u, items[n]);
                Assert.AreEqual(score, explanations[n].Total, 1e-4 + (1e-4 * Math.Abs(score)), $"user {u} item {items[n]}");
                Assert.IsTrue(c == 0 ? explanations[n].Prior == 0 : explanations[n].Prior != 0, "the prior term exists only with C > 0");
                checkedPairs++;
            }
        }

        Assert.IsGreaterThan(200, checkedPairs);
    }

    [TestMethod]
    public void Explain_UserWhoseOnlyStrongItemIsJ_JExplainsItsGroupsItemsFirst()
    {
        var (matrix, rows) = Planted();
        var options = Options();
        var model = AlsTrainer.Train(matrix, options);
        var explainer = new AlsExplainer(model, rows, options.Lambda, options.Alpha, options.C);

        // The probe's top 3 unseen items by MF score (what the candidates table explains): all of the strong item's group.
        int[] seen = [StrongItem, 25, 45, 65];
        int[] candidates = [.. Enumerable.Range(0, Items).Where(i => !seen.Contains(i)).OrderByDescending(i => model.Score(Probe, i)).Take(3)];
        Assert.IsTrue(candidates.All(i => i < ItemsPerGroup), string.Join(",", candidates));
        var explanations = explainer.Explain(Probe, candidates, count: 3)!;

        foreach (var explanation in explanations)
        {
            Assert.AreEqual(StrongItem, explanation.Items[0]);
            Assert.IsGreaterThan(0.5, explanation.Contributions[0] / explanation.Total, "the strong item carries most of the score");
            for (var r = 1; r < explanation.Items.Count; r++)
            {
                Assert.IsLessThanOrEqualTo(explanation.Contributions[r - 1], explanation.Contributions[r]);
            }
        }

        Assert.AreEqual("i3", explanations[0].ItemIds(i => "i" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))!.Split(',')[0]);
    }

    [TestMethod]
    public void Explain_UserWithoutItems_Null()
    {
        var (matrix, rows) = Planted(emptyUser: true);
        var options = Options();
        var model = AlsTrainer.Train(matrix, options);

        Assert.IsNull(new AlsExplainer(model, rows, options.Lambda, options.Alpha, options.C).Explain(Probe + 1, [0, 1], count: 3));
    }

    [TestMethod]
    public void Shares_ContributionsOverTotal_ThreeDecimalsAndNullForNonPositiveScores()
    {
        var explanation = new AlsExplanation([4, 1], [0.5, 0.25], 0, 1.0);

        Assert.AreEqual("0.5,0.25", explanation.Shares());
        Assert.AreEqual("e,b", explanation.ItemIds(i => ((char)('a' + i)).ToString()));
        Assert.IsNull((explanation with { Total = -0.1 }).Shares());
        Assert.IsNull(new AlsExplanation([], [], 0, 1.0).ItemIds(i => "x"));
    }

    /// <summary>Users of group g use items of group g with probability 0.4 and any item with probability 0.02; plus the probe (and an empty user).</summary>
    private static (RatingMatrix Matrix, SparseRows Rows) Planted(bool emptyUser = false)
    {
        var random = new Random(5);
        var users = new List<int>();
        var items = new List<int>();
        var values = new List<float>();
        for (var u = 0; u < Groups * UsersPerGroup; u++)
        {
            for (var i = 0; i < Items; i++)
            {
                if (random.NextDouble() < (i / ItemsPerGroup == u / UsersPerGroup ? 0.4 : 0.02))
                {
                    users.Add(u);
                    items.Add(i);
                    values.Add(1f);
                }
            }
        }

        users.Add(Probe);
        items.Add(StrongItem);
        values.Add(8f);
        for (var g = 1; g < Groups; g++)
        {
            users.Add(Probe);
            items.Add((g * ItemsPerGroup) + 5);
            values.Add(0.1f);
        }

        var count = Probe + (emptyUser ? 2 : 1);
        return (new RatingMatrix(count, Items, [.. users], [.. items], [.. values]), SparseRows.Build(count, [.. users], [.. items], [.. values]));
    }
}
