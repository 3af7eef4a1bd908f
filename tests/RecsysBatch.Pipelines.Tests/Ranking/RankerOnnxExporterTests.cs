using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Pipelines.Tests.Ranking;

[TestClass]
public sealed class RankerOnnxExporterTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Export_RandomModelAndRows_OnnxRuntimeMatchesCSharpForward()
    {
        var contract = RankerContract.Default;
        var a = new RankerArchitecture(contract);
        var parameters = RankerInitializer.Initialize<float>(a, seed: 11);
        var random = new Random(12);
        for (var i = a.B1At; i < a.ParameterCount; i++)
        {
            parameters[i] += (float)((random.NextDouble() - 0.5) * 0.2); // biases and output layer off their init
        }

        var model = new RankerModel(a, parameters);
        const int rows = 301; // two full batches of 128 and a partial one
        var rowsBatch = RankerFixtures.RandomBatch(contract, rows, seed: 13);
        var expected = new float[rows];
        model.Predict(rowsBatch, expected);

        using var scorer = new RankerScoringEstimator(RankerOnnxExporter.Export(model, contract), "exported", contract, new RankerExecutionOptions { BatchSize = 128 })
            .Fit(RankerInputView.Empty(contract));
        var actual = scorer.Score(rowsBatch);

        var worst = 0.0;
        for (var r = 0; r < rows; r++)
        {
            worst = Math.Max(worst, Math.Abs(actual[r] - expected[r]));
        }

        Assert.IsLessThan(1e-5, worst);
        Assert.IsGreaterThan(0.05, expected.Max() - expected.Min(), "the rows must not all score the same");
        TestContext.WriteLine($"ORT vs C# forward: {rows} rows, max abs diff {worst:E2}");
    }
}
