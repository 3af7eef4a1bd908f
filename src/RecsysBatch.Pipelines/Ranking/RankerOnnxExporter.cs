using RecsysBatch.Pipelines.Onnx;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// The reference ranker as an ONNX graph honouring the contract (dynamic batch axis): Gather (+ Flatten for the [batch, 1] item category) for the embeddings,
/// masked means as Mul + ReduceSum ÷ max(ReduceSum(mask), 1), ReduceSum of the factor product and Sqrt(ReduceSum) of the
/// squared factors (the norms; the raw factors are not MLP inputs), Equal + Cast for the category match share, Concat, three Gemm
/// with Relu between, and Sigmoid → [batch, 1].
/// </summary>
internal static class RankerOnnxExporter
{
    public static byte[] Export(RankerModel model, RankerContract contract)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(contract);
        var a = model.Architecture;
        var p = model.Network.Parameters.AsSpan();
        var graph = new OnnxGraph { Name = "recsys_ranker" };
        foreach (var spec in contract.Inputs)
        {
            graph.Inputs.Add(ValueInfo(spec));
        }

        foreach (var spec in contract.Outputs)
        {
            graph.Outputs.Add(ValueInfo(spec));
        }

        graph.Initializers.Add(OnnxTensor.Floats("category_embedding", [a.Categories, a.Embedding], p.Slice(a.CategoryEmbeddingAt, a.Categories * a.Embedding)));
        graph.Initializers.Add(OnnxTensor.Floats("event_embedding", [a.EventTypes, a.Embedding], p.Slice(a.EventEmbeddingAt, a.EventTypes * a.Embedding)));
        graph.Initializers.Add(OnnxTensor.Floats("w1", [a.InputWidth, a.Hidden1], p.Slice(a.W1At, a.InputWidth * a.Hidden1)));
        graph.Initializers.Add(OnnxTensor.Floats("b1", [a.Hidden1], p.Slice(a.B1At, a.Hidden1)));
        graph.Initializers.Add(OnnxTensor.Floats("w2", [a.Hidden1, a.Hidden2], p.Slice(a.W2At, a.Hidden1 * a.Hidden2)));
        graph.Initializers.Add(OnnxTensor.Floats("b2", [a.Hidden2], p.Slice(a.B2At, a.Hidden2)));
        graph.Initializers.Add(OnnxTensor.Floats("w3", [a.Hidden2, 1], p.Slice(a.W3At, a.Hidden2)));
        graph.Initializers.Add(OnnxTensor.Floats("b3", [1], p.Slice(a.B3At, 1)));
        graph.Initializers.Add(OnnxTensor.Int64s("axis1", [1], [1]));
        graph.Initializers.Add(OnnxTensor.Int64s("axis2", [1], [2]));
        graph.Initializers.Add(OnnxTensor.Floats("one", [], [1f]));
        graph.Initializers.Add(OnnxTensor.Int64s("no_category", [], [0]));

        var n = graph.Nodes;
        n.Add(Node("Mul", [RankerInputs.UserFactors, RankerInputs.ItemFactors], "factor_product"));
        n.Add(Node("ReduceSum", ["factor_product", "axis1"], "dot", KeepDims(1)));
        Norm(n, RankerInputs.UserFactors, "user_norm");
        Norm(n, RankerInputs.ItemFactors, "item_norm");
        n.Add(Node("Gather", ["category_embedding", RankerInputs.ItemCategory], "item_embedding3", Axis(0)));
        n.Add(Node("Flatten", ["item_embedding3"], "item_embedding", Axis(1)));
        n.Add(Node("ReduceSum", [RankerInputs.BehaviorMask, "axis1"], "mass", KeepDims(1)));
        n.Add(Node("Max", ["mass", "one"], "denominator"));
        n.Add(Node("Unsqueeze", [RankerInputs.BehaviorMask, "axis2"], "mask3"));
        MaskedMean(n, "category_embedding", RankerInputs.BehaviorCategories, "behavior_category_mean");
        MaskedMean(n, "event_embedding", RankerInputs.BehaviorEventTypes, "behavior_event_mean");
        n.Add(Node("Mul", ["item_embedding", "behavior_category_mean"], "category_match"));
        MatchShare(n);
        n.Add(Node("Concat",
            [RankerInputs.UserFeatures, RankerInputs.ItemFeatures, "dot", "user_norm", "item_norm",
             "item_embedding", "behavior_category_mean", "behavior_event_mean", "category_match", "match_share"],
            "mlp_input", Axis(1)));
        n.Add(Node("Gemm", ["mlp_input", "w1", "b1"], "z1"));
        n.Add(Node("Relu", ["z1"], "h1"));
        n.Add(Node("Gemm", ["h1", "w2", "b2"], "z2"));
        n.Add(Node("Relu", ["z2"], "h2"));
        n.Add(Node("Gemm", ["h2", "w3", "b3"], "logit"));
        n.Add(Node("Sigmoid", ["logit"], RankerInputs.Probability));
        return OnnxModelWriter.Write(graph);
    }

    /// <summary>sqrt(Σ_k x_k²) over axis 1 → [batch, 1].</summary>
    private static void Norm(List<OnnxNode> n, string input, string output)
    {
        n.Add(Node("Mul", [input, input], output + "_squares"));
        n.Add(Node("ReduceSum", [output + "_squares", "axis1"], output + "_sum", KeepDims(1)));
        n.Add(Node("Sqrt", [output + "_sum"], output));
    }

    /// <summary>Σ_l mask·[category_l = item category ≠ 0] / max(Σ mask, 1) → [batch, 1].</summary>
    private static void MatchShare(List<OnnxNode> n)
    {
        n.Add(Node("Equal", [RankerInputs.BehaviorCategories, RankerInputs.ItemCategory], "same_category"));
        n.Add(Node("Cast", ["same_category"], "same_category_float", OnnxAttribute.OfInt("to", (long)OnnxDataType.Float)));
        n.Add(Node("Greater", [RankerInputs.ItemCategory, "no_category"], "known_category"));
        n.Add(Node("Cast", ["known_category"], "known_category_float", OnnxAttribute.OfInt("to", (long)OnnxDataType.Float)));
        n.Add(Node("Mul", ["same_category_float", RankerInputs.BehaviorMask], "match_masked"));
        n.Add(Node("Mul", ["match_masked", "known_category_float"], "match_known"));
        n.Add(Node("ReduceSum", ["match_known", "axis1"], "match_sum", KeepDims(1)));
        n.Add(Node("Div", ["match_sum", "denominator"], "match_share"));
    }

    /// <summary>Σ_l mask·E[index_l] / max(Σ mask, 1) over the sequence axis → [batch, embedding].</summary>
    private static void MaskedMean(List<OnnxNode> n, string table, string indices, string output)
    {
        n.Add(Node("Gather", [table, indices], output + "_rows", Axis(0)));
        n.Add(Node("Mul", [output + "_rows", "mask3"], output + "_masked"));
        n.Add(Node("ReduceSum", [output + "_masked", "axis1"], output + "_sum", KeepDims(0)));
        n.Add(Node("Div", [output + "_sum", "denominator"], output));
    }

    private static OnnxValueInfo ValueInfo(RankerTensorSpec spec) => new(
        spec.Name,
        spec.ElementType switch
        {
            "float" => OnnxDataType.Float,
            "int64" => OnnxDataType.Int64,
            _ => throw new InvalidOperationException($"the reference exporter has no element type {spec.ElementType}."),
        },
        spec.Shape.Select(d => d == RankerTensorSpec.BatchAxis ? OnnxDim.Symbolic("batch") : OnnxDim.Fixed(d)).ToList());

    private static OnnxNode Node(string op, IReadOnlyList<string> inputs, string output, params OnnxAttribute[] attributes) =>
        new(op, inputs, [output]) { Name = output + "_" + op.ToLowerInvariant(), Attributes = attributes };

    private static OnnxAttribute Axis(long axis) => OnnxAttribute.OfInt("axis", axis);

    private static OnnxAttribute KeepDims(long keep) => OnnxAttribute.OfInt("keepdims", keep);
}
