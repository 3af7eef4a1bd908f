using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RecsysBatch.Core;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// Compares a loaded model's inputs and outputs with the contract and fails with a message naming the tensor and
/// what differs: missing or extra tensor, element type, rank, a fixed batch axis, or another dimension.
/// </summary>
internal static class RankerContractCheck
{
    public static void Check(RankerContract contract, InferenceSession session, string modelName)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(session);
        Compare("input", contract.Inputs, session.InputMetadata, modelName);
        Compare("output", contract.Outputs, session.OutputMetadata, modelName);
    }

    private static void Compare(string kind, IReadOnlyList<RankerTensorSpec> expected, IReadOnlyDictionary<string, NodeMetadata> actual, string modelName)
    {
        foreach (var spec in expected)
        {
            if (!actual.TryGetValue(spec.Name, out var meta))
            {
                Fail(modelName, $"{kind} '{spec.Name}' is missing; the model's {kind}s are {string.Join(", ", actual.Keys.Order(StringComparer.Ordinal))}");
            }

            if (!meta.IsTensor)
            {
                Fail(modelName, $"{kind} '{spec.Name}' is a {meta.OnnxValueType}, the contract requires a tensor");
            }

            var type = ElementTypeName(meta.ElementDataType);
            if (type != spec.ElementType)
            {
                Fail(modelName, $"{kind} '{spec.Name}' has element type {type}, the contract requires {spec.ElementType}");
            }

            var dims = meta.Dimensions;
            if (dims.Length != spec.Shape.Count)
            {
                Fail(modelName, $"{kind} '{spec.Name}' has rank {dims.Length} ({Shape(dims)}), the contract requires {spec.Shape.Count} ({spec.ShapeText})");
            }

            if (dims[0] != RankerTensorSpec.BatchAxis)
            {
                Fail(modelName, $"{kind} '{spec.Name}' has a fixed batch axis of {dims[0]} ({Shape(dims)}), the contract requires a dynamic batch axis ({spec.ShapeText})");
            }

            for (var axis = 1; axis < dims.Length; axis++)
            {
                if (dims[axis] != spec.Shape[axis])
                {
                    Fail(modelName, $"{kind} '{spec.Name}' has dimension {axis} = {(dims[axis] < 0 ? "dynamic" : dims[axis])} ({Shape(dims)}), the contract requires {spec.Shape[axis]} ({spec.ShapeText})");
                }
            }
        }

        if (kind == "input")
        {
            var extra = actual.Keys.Where(name => expected.All(s => s.Name != name)).Order(StringComparer.Ordinal).ToList();
            if (extra.Count > 0)
            {
                Fail(modelName, $"input '{extra[0]}' is not in the contract; the stage cannot feed it");
            }
        }
    }

    internal static string ElementTypeName(TensorElementType type) => type.ToString().ToLowerInvariant();

    private static string Shape(int[] dims) => "[" + string.Join(", ", dims.Select(d => d < 0 ? "dynamic" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string modelName, string what) =>
        throw new RecsysException($"ranking model {modelName} does not honour pipelines/ranker/contract.json: {what}.");
}
