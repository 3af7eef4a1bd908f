using System.Text.Json;
using RecsysBatch.Core;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// pipelines/ranker/contract.json: the inputs and outputs a ranking model must have, and how categories and event
/// types are encoded as indices. <see cref="RankerContractCheck"/> compares a loaded model against it.
/// </summary>
internal sealed class RankerContract
{
    private RankerContract(IReadOnlyList<RankerTensorSpec> inputs, IReadOnlyList<RankerTensorSpec> outputs, int categoryBuckets, int eventTypeBuckets)
    {
        Inputs = inputs;
        Outputs = outputs;
        CategoryBuckets = categoryBuckets;
        EventTypeBuckets = eventTypeBuckets;
    }

    public IReadOnlyList<RankerTensorSpec> Inputs { get; }

    public IReadOnlyList<RankerTensorSpec> Outputs { get; }

    public int CategoryBuckets { get; }

    public int EventTypeBuckets { get; }

    public int UserFeatureCount => Input(RankerInputs.UserFeatures).RowWidth;

    public int ItemFeatureCount => Input(RankerInputs.ItemFeatures).RowWidth;

    public int FactorRank => Input(RankerInputs.UserFactors).RowWidth;

    public int SequenceLength => Input(RankerInputs.BehaviorCategories).RowWidth;

    public RankerTensorSpec Input(string name) =>
        Inputs.FirstOrDefault(t => t.Name == name) ?? throw new RecsysException($"ranker contract: no input '{name}'.");

    /// <summary>The contract this build was made with (pipelines/ranker/contract.json, embedded).</summary>
    public static RankerContract Default { get; } = LoadDefault();

    public static RankerContract Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new RecsysException($"ranker contract {path}: {e.Message}", e);
        }
    }

    public static RankerContract Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var encoding = root.GetProperty("encoding");
        var contract = new RankerContract(
            Tensors(root.GetProperty("inputs")),
            Tensors(root.GetProperty("outputs")),
            encoding.GetProperty("categoryBuckets").GetInt32(),
            encoding.GetProperty("eventTypeBuckets").GetInt32());
        foreach (var name in RankerInputs.All)
        {
            contract.Input(name); // every input the stage feeds must be declared
        }

        if (contract.Input(RankerInputs.UserFactors).RowWidth != contract.Input(RankerInputs.ItemFactors).RowWidth)
        {
            throw new FormatException("user_factors and item_factors must have the same width.");
        }

        return contract;
    }

    private static RankerContract LoadDefault()
    {
        using var stream = typeof(RankerContract).Assembly.GetManifestResourceStream("ranker.contract.json")
            ?? throw new InvalidOperationException("ranker.contract.json is not embedded in this build.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    private static List<RankerTensorSpec> Tensors(JsonElement array)
    {
        var result = new List<RankerTensorSpec>();
        foreach (var tensor in array.EnumerateArray())
        {
            var shape = new List<long>();
            foreach (var dim in tensor.GetProperty("shape").EnumerateArray())
            {
                shape.Add(dim.ValueKind == JsonValueKind.String ? RankerTensorSpec.BatchAxis : dim.GetInt64());
            }

            if (shape.Count == 0 || shape[0] != RankerTensorSpec.BatchAxis || shape.Skip(1).Any(d => d <= 0))
            {
                throw new FormatException($"tensor {tensor.GetProperty("name").GetString()}: the shape must start with \"batch\" followed by positive sizes.");
            }

            result.Add(new RankerTensorSpec(tensor.GetProperty("name").GetString()!, tensor.GetProperty("type").GetString()!, shape));
        }

        return result;
    }
}
