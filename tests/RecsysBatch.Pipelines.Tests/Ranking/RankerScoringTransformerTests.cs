using Microsoft.ML;
using Microsoft.ML.Data;
using RecsysBatch.Core;
using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Pipelines.Tests.Ranking;

[TestClass]
public sealed class RankerScoringTransformerTests
{
    [TestMethod]
    public void Transform_RowsAcrossSeveralBatches_ScoresEqualCSharpForwardInRowOrder()
    {
        var contract = RankerFixtures.SmallContract();
        var model = RankerFixtures.SmallModel(contract);
        var rows = RankerFixtures.RandomBatch(contract, 11, seed: 21);
        var expected = new float[rows.Count];
        model.Predict(rows, expected);
        using var folder = new TempFolder();
        var path = folder.File("ranker.onnx");
        File.WriteAllBytes(path, RankerOnnxExporter.Export(model, contract));
        var ml = new MLContext(seed: 1);
        var input = ml.Data.LoadFromEnumerable(RankerRow.From(rows));

        // Composes with ordinary ML.NET estimators, before and after.
        var pipeline = ml.Transforms.CopyColumns("IdCopy", nameof(RankerRow.Id))
            .Append(new RankerScoringEstimator(path, contract, new RankerExecutionOptions { BatchSize = 4 }))
            .Append(ml.Transforms.CopyColumns("Score2", RankerScoringTransformer.DefaultOutputColumn));
        var output = pipeline.Fit(input).Transform(input);
        Assert.AreEqual(NumberDataViewType.Single, output.Schema[RankerScoringTransformer.DefaultOutputColumn].Type);

        var ids = output.GetColumn<int>("IdCopy").ToArray();
        var scores = output.GetColumn<float>("Score2").ToArray();
        CollectionAssert.AreEqual(Enumerable.Range(0, 11).ToArray(), ids);
        for (var r = 0; r < rows.Count; r++)
        {
            Assert.AreEqual(expected[r], scores[r], 1e-5f, $"row {r}");
        }
    }

    [TestMethod]
    public void Fit_InputWithoutContractColumn_FailsNamingColumn()
    {
        var contract = RankerFixtures.SmallContract();
        using var folder = new TempFolder();
        var path = folder.File("ranker.onnx");
        File.WriteAllBytes(path, RankerOnnxExporter.Export(RankerFixtures.SmallModel(contract), contract));
        var ml = new MLContext(seed: 1);
        var input = ml.Transforms.DropColumns("behavior_mask").Fit(ml.Data.LoadFromEnumerable(RankerRow.From(RankerFixtures.RandomBatch(contract, 2, 1))))
            .Transform(ml.Data.LoadFromEnumerable(RankerRow.From(RankerFixtures.RandomBatch(contract, 2, 1))));
        var e = Assert.ThrowsExactly<RecsysException>(() => new RankerScoringEstimator(path, contract, new RankerExecutionOptions()).Fit(input));
        StringAssert.Contains(e.Message, "no column 'behavior_mask'");
    }
}
