using Microsoft.ML.OnnxRuntime;
using RecsysBatch.Pipelines.Onnx;

namespace RecsysBatch.Pipelines.Tests.Onnx;

[TestClass]
public sealed class OnnxModelWriterTests
{
    [TestMethod]
    public void Write_GraphWithEveryAttributeKind_LoadsAndComputesInOnnxRuntime()
    {
        // x [batch, 3] + b → LeakyRelu(alpha) → Pad(edge, one column in front) → Transpose(perm) = y [4, batch];
        // Constant(tensor) = c; ArgMax(axis, keepdims) of x = m.
        var batch = OnnxDim.Symbolic("batch");
        var graph = new OnnxGraph { Name = "writer_test" };
        graph.Initializers.Add(OnnxTensor.Floats("b", [3], [1f, -10f, 0.5f]));
        graph.Initializers.Add(OnnxTensor.Int64s("pads", [4], [0, 1, 0, 0]));
        graph.Inputs.Add(new OnnxValueInfo("x", OnnxDataType.Float, [batch, OnnxDim.Fixed(3)]));
        graph.Nodes.Add(new OnnxNode("Add", ["x", "b"], ["sum"]));
        graph.Nodes.Add(new OnnxNode("LeakyRelu", ["sum"], ["act"]) { Attributes = [OnnxAttribute.OfFloat("alpha", 0.25f)] });
        graph.Nodes.Add(new OnnxNode("Pad", ["act", "pads"], ["padded"]) { Attributes = [OnnxAttribute.OfString("mode", "edge")] });
        graph.Nodes.Add(new OnnxNode("Transpose", ["padded"], ["y"]) { Attributes = [OnnxAttribute.OfInts("perm", 1, 0)] });
        graph.Nodes.Add(new OnnxNode("Constant", [], ["c"]) { Attributes = [OnnxAttribute.OfTensor("value", OnnxTensor.Int64s("cv", [2], [7, -9]))] });
        graph.Nodes.Add(new OnnxNode("ArgMax", ["x"], ["m"]) { Attributes = [OnnxAttribute.OfInt("axis", 1), OnnxAttribute.OfInt("keepdims", 0)] });
        graph.Outputs.Add(new OnnxValueInfo("y", OnnxDataType.Float, [OnnxDim.Fixed(4), batch]));
        graph.Outputs.Add(new OnnxValueInfo("c", OnnxDataType.Int64, [OnnxDim.Fixed(2)]));
        graph.Outputs.Add(new OnnxValueInfo("m", OnnxDataType.Int64, [batch]));

        using var session = new InferenceSession(OnnxModelWriter.Write(graph));
        CollectionAssert.AreEqual(new[] { -1, 3 }, session.InputMetadata["x"].Dimensions);
        using var x = OrtValue.CreateTensorValueFromMemory(new[] { 1f, 2f, 3f, -4f, 20f, 0f }, [2, 3]);
        using var outputs = session.Run(new RunOptions(), ["x"], [x], ["y", "c", "m"]);

        // Row 0: 1+1=2, 2-10=-8 → -2, 3+0.5=3.5; padded [2, 2, -2, 3.5]. Row 1: -3 → -0.75, 10, 0.5; padded [-0.75, -0.75, 10, 0.5].
        CollectionAssert.AreEqual(new long[] { 4, 2 }, outputs[0].GetTensorTypeAndShape().Shape);
        CollectionAssert.AreEqual(new[] { 2f, -0.75f, 2f, -0.75f, -2f, 10f, 3.5f, 0.5f }, outputs[0].GetTensorDataAsSpan<float>().ToArray());
        CollectionAssert.AreEqual(new long[] { 7, -9 }, outputs[1].GetTensorDataAsSpan<long>().ToArray());
        CollectionAssert.AreEqual(new long[] { 2, 1 }, outputs[2].GetTensorDataAsSpan<long>().ToArray());
    }
}
