using Microsoft.ML;
using Microsoft.ML.Data;
using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Pipelines.Tests.Ranking;

/// <summary>
/// The scoring transformer's two input paths: in place from a <see cref="RankerInputView"/>'s arrays (columnar) and row
/// by row through a look-ahead cursor (any other view, including a shuffle or filter in front of the columnar view).
/// </summary>
[TestClass]
public sealed class RankerColumnarPathTests
{
    private const int BatchSize = 4;

    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(3)]
    [DataRow(4)]
    [DataRow(5)]
    [DataRow(11)]
    public void Transform_ColumnarAndGenericPaths_GiveIdenticalScoresAtEveryBatchBoundary(int count)
    {
        var contract = RankerFixtures.SmallContract();
        var model = RankerFixtures.SmallModel(contract);
        var rows = Rows(contract, count, seed: 31);
        var expected = new float[count];
        if (count > 0)
        {
            model.Predict(rows, expected);
        }

        using var folder = new TempFolder();
        using var transformer = Fit(folder, model, contract);
        var ml = new MLContext(seed: 1);

        var columnarView = transformer.Transform(new RankerInputView(contract, rows));
        var genericView = transformer.Transform(ml.Data.LoadFromEnumerable(RankerRow.From(rows)));
        var (columnar, columnarPath) = Scores(columnarView);
        var (generic, genericPath) = Scores(genericView);

        Assert.AreEqual(count, columnar.Length);
        Assert.AreEqual(count, generic.Length);
        Assert.IsTrue(columnarPath, "a RankerInputView must be scored on the columnar path");
        Assert.IsFalse(genericPath, "LoadFromEnumerable must be scored on the generic path");
        CollectionAssert.AreEqual(generic, columnar, "the two paths must give bit-identical scores");
        for (var r = 0; r < count; r++)
        {
            Assert.AreEqual(expected[r], columnar[r], 1e-5f, $"row {r}");
        }
    }

    [TestMethod]
    public void Transform_ShuffleInFrontOfColumnarView_TakesGenericPathAndScoresEachRowItsOwnInputs()
    {
        var contract = RankerFixtures.SmallContract();
        var model = RankerFixtures.SmallModel(contract);
        var rows = Rows(contract, 13, seed: 5);
        using var folder = new TempFolder();
        using var transformer = Fit(folder, model, contract);
        var ml = new MLContext(seed: 1);
        var shuffled = ml.Data.ShuffleRows(new RankerInputView(contract, rows), seed: 9);

        var (inputs, scores, columnarPath) = InputsAndScores(contract, transformer.Transform(shuffled));

        Assert.IsFalse(columnarPath, "a shuffled view is not the columnar source and must take the generic path");
        Assert.AreEqual(13, inputs.Count);
        CollectionAssert.AreNotEqual(rows.ItemCategory.Take(13).ToArray(), inputs.ItemCategory.Take(13).ToArray(), "the shuffle must change the order for this check to mean anything");
        CollectionAssert.AreEquivalent(rows.ItemCategory.Take(13).ToArray(), inputs.ItemCategory.Take(13).ToArray());
        var expected = new float[13];
        model.Predict(inputs, expected);
        for (var r = 0; r < 13; r++)
        {
            Assert.AreEqual(expected[r], scores[r], 1e-5f, $"shuffled row {r}");
        }
    }

    [TestMethod]
    public void Transform_FilterInFrontOfColumnarView_TakesGenericPathAndMatchesColumnarScoresOfKeptRows()
    {
        var contract = RankerFixtures.SmallContract();
        var model = RankerFixtures.SmallModel(contract);
        var rows = Rows(contract, 10, seed: 8);
        using var folder = new TempFolder();
        using var transformer = Fit(folder, model, contract);
        var ml = new MLContext(seed: 1);
        var source = new RankerInputView(contract, rows);

        var (all, _) = Scores(transformer.Transform(source));
        var (kept, columnarPath) = Scores(transformer.Transform(ml.Data.SkipRows(source, 3)));

        Assert.IsFalse(columnarPath, "a filtered view must take the generic path");
        Assert.AreEqual(7, kept.Length);
        var expected = new float[10];
        model.Predict(rows, expected);
        for (var r = 0; r < 7; r++)
        {
            // Batches are cut differently (rows 3.. vs 0..), so compare with a tolerance, not bit for bit.
            Assert.AreEqual(all[r + 3], kept[r], 1e-6f, $"kept row {r}");
            Assert.AreEqual(expected[r + 3], kept[r], 1e-5f, $"kept row {r}");
        }
    }

    [TestMethod]
    public void RankerInputView_CursorGetters_ReturnTheRowsAndComposeWithMlNetTransforms()
    {
        var contract = RankerFixtures.SmallContract();
        var model = RankerFixtures.SmallModel(contract);
        var rows = Rows(contract, 6, seed: 2);
        using var folder = new TempFolder();
        var path = folder.File("ranker.onnx");
        File.WriteAllBytes(path, RankerOnnxExporter.Export(model, contract));
        var ml = new MLContext(seed: 1);
        var view = new RankerInputView(contract, rows);

        var userFeatures = view.GetColumn<float[]>(RankerInputs.UserFeatures).ToArray();
        var categories = view.GetColumn<long[]>(RankerInputs.ItemCategory).ToArray();
        Assert.AreEqual(6, userFeatures.Length);
        CollectionAssert.AreEqual(rows.UserFeatures.AsSpan(4 * 3, 3).ToArray(), userFeatures[4]);
        CollectionAssert.AreEqual(rows.ItemCategory.Take(6).ToArray(), categories.Select(c => c.Single()).ToArray());

        var output = new RankerScoringEstimator(path, contract, new RankerExecutionOptions { BatchSize = BatchSize })
            .Append(ml.Transforms.CopyColumns("Score2", RankerScoringTransformer.DefaultOutputColumn))
            .Fit(view).Transform(view);
        var scores = output.GetColumn<float>("Score2").ToArray();
        var expected = new float[6];
        model.Predict(rows, expected);
        for (var r = 0; r < 6; r++)
        {
            Assert.AreEqual(expected[r], scores[r], 1e-5f, $"row {r}");
        }
    }

    private static RankerBatch Rows(RankerContract contract, int count, int seed) =>
        count == 0 ? new RankerBatch(contract, 1) { Count = 0 } : RankerFixtures.RandomBatch(contract, count, seed);

    private static RankerScoringTransformer Fit(TempFolder folder, RankerModel model, RankerContract contract)
    {
        var path = folder.File("ranker.onnx");
        File.WriteAllBytes(path, RankerOnnxExporter.Export(model, contract));
        var session = new OnnxRankerSession(path, contract, new RankerExecutionOptions { BatchSize = BatchSize });
        return new RankerScoringTransformer(session);
    }

    /// <summary>The score column read through one cursor, and whether that cursor took the columnar path.</summary>
    private static (float[] Scores, bool Columnar) Scores(IDataView view)
    {
        var column = view.Schema[RankerScoringTransformer.DefaultOutputColumn];
        using var cursor = view.GetRowCursor([column]);
        var getter = cursor.GetGetter<float>(column);
        var scores = new List<float>();
        var value = 0f;
        while (cursor.MoveNext())
        {
            getter(ref value);
            scores.Add(value);
        }

        return ([.. scores], ((RankerScoredCursor)cursor).IsColumnar);
    }

    /// <summary>Every row's passed-through model inputs and its score, read through one cursor of the scored view.</summary>
    private static (RankerBatch Inputs, float[] Scores, bool Columnar) InputsAndScores(RankerContract contract, IDataView view)
    {
        var count = checked((int)(view.GetRowCount() ?? 64));
        var inputs = new RankerBatch(contract, Math.Max(count, 1));
        var scoreColumn = view.Schema[RankerScoringTransformer.DefaultOutputColumn];
        using var cursor = view.GetRowCursor([.. contract.Inputs.Select(t => view.Schema[t.Name]), scoreColumn]);
        var readers = RankerColumns.Readers(contract, cursor, inputs);
        var getter = cursor.GetGetter<float>(scoreColumn);
        var scores = new List<float>();
        var value = 0f;
        while (cursor.MoveNext())
        {
            foreach (var read in readers)
            {
                read(scores.Count);
            }

            getter(ref value);
            scores.Add(value);
        }

        inputs.Count = scores.Count;
        return (inputs, [.. scores], ((RankerScoredCursor)cursor).IsColumnar);
    }
}
