using RecsysBatch.Core;
using RecsysBatch.Pipelines.Onnx;
using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Pipelines.Tests.Ranking;

[TestClass]
public sealed class RankerContractCheckTests
{
    private static readonly RankerContract Contract = RankerFixtures.SmallContract();

    [TestMethod]
    public void Open_ThirdPartyModelHonouringContract_LoadsOnCpu()
    {
        using var session = Open(ContractModels.Build(Contract));
        Assert.AreEqual("cpu", session.Provider);
    }

    [TestMethod]
    public void Open_WrongElementType_FailsNamingTensorAndTypes()
    {
        var model = ContractModels.Build(Contract, s => s.Name == RankerInputs.BehaviorMask ? ContractModels.Default(s, type: OnnxDataType.Int64) : null);
        var e = Assert.ThrowsExactly<RecsysException>(() => Open(model));
        StringAssert.Contains(e.Message, "input 'behavior_mask' has element type int64, the contract requires float");
    }

    [TestMethod]
    public void Open_FixedBatchOfOne_FailsNamingBatchAxis()
    {
        var e = Assert.ThrowsExactly<RecsysException>(() => Open(ContractModels.Build(Contract, batch: 1)));
        StringAssert.Contains(e.Message, "input 'user_features' has a fixed batch axis of 1");
    }

    [TestMethod]
    public void Open_WrongInputName_FailsNamingMissingInput()
    {
        var model = ContractModels.Build(Contract, s => s.Name == RankerInputs.UserFactors ? ContractModels.Default(s, name: "user_embedding") : null);
        var e = Assert.ThrowsExactly<RecsysException>(() => Open(model));
        StringAssert.Contains(e.Message, "input 'user_factors' is missing");
        StringAssert.Contains(e.Message, "user_embedding");
    }

    [TestMethod]
    public void Open_OtherFeatureWidth_FailsNamingDimension()
    {
        var model = ContractModels.Build(Contract, s => s.Name == RankerInputs.ItemFeatures ? new OnnxValueInfo(s.Name, OnnxDataType.Float, [OnnxDim.Symbolic("batch"), OnnxDim.Fixed(9)]) : null);
        var e = Assert.ThrowsExactly<RecsysException>(() => Open(model));
        StringAssert.Contains(e.Message, "input 'item_features' has dimension 1 = 9");
    }

    [TestMethod]
    public void Open_CorruptFile_FailsWithLoadError()
    {
        var bytes = ContractModels.Build(Contract);
        var e = Assert.ThrowsExactly<RecsysException>(() => Open(bytes.AsSpan(0, bytes.Length / 2).ToArray()));
        StringAssert.Contains(e.Message, "candidate.onnx cannot be loaded by ONNX Runtime");
    }

    [TestMethod]
    public void Open_MissingFile_FailsNamingPath()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".onnx");
        var e = Assert.ThrowsExactly<RecsysException>(() => new OnnxRankerSession(path, Contract, new RankerExecutionOptions()));
        StringAssert.Contains(e.Message, path);
    }

    [TestMethod]
    public void Open_CudaRequestedOnCpuRuntime_FallsBackToCpuWithOneWarning()
    {
        var logger = new ListLogger();
        using var session = new OnnxRankerSession(ContractModels.Build(Contract), "candidate.onnx", Contract, new RankerExecutionOptions { Provider = "cuda", DeviceId = 0, BatchSize = 4 }, logger);
        Assert.AreEqual("cpu", session.Provider);
        Assert.HasCount(1, logger.Warnings);
        StringAssert.Contains(logger.Warnings[0], "CUDA");
        session.Buffer.Count = 2;
        session.Buffer.UserFeatures.AsSpan(0, 6).Clear();
        Assert.AreEqual(0.5f, session.Run()[1], 1e-6f);
    }

    [TestMethod]
    public void Open_UnknownProvider_Fails()
    {
        var e = Assert.ThrowsExactly<RecsysException>(() => new OnnxRankerSession(ContractModels.Build(Contract), "m", Contract, new RankerExecutionOptions { Provider = "tpu" }));
        StringAssert.Contains(e.Message, "tpu");
    }

    private static OnnxRankerSession Open(byte[] model) =>
        new(model, "candidate.onnx", Contract, new RankerExecutionOptions { BatchSize = 4 });
}
