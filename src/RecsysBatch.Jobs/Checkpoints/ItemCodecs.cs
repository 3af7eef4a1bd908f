using Microsoft.Data.Analysis;
using Microsoft.ML;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Factorization;
using RecsysBatch.Pipelines.Ranking;

namespace RecsysBatch.Jobs.Checkpoints;

/// <summary>
/// The item types stages leave in the working store with RunData.Set, each with its codec. A stage that stores a new
/// type must add it here: saving an item of a type without a codec fails, so no stage can silently lose state
/// between stage jobs.
/// </summary>
internal static class ItemCodecs
{
    public static IReadOnlyList<ItemCodec> All { get; } =
    [
        new(FactorModelCodec.Id, typeof(FactorModel), _ => null, (w, v) => FactorModelCodec.Write(w, (FactorModel)v), FactorModelCodec.Read),
        new(DataFrameCodec.Id, typeof(DataFrame), v => DataFrameCodec.UnsupportedColumn((DataFrame)v), (w, v) => DataFrameCodec.Write(w, (DataFrame)v), DataFrameCodec.Read),
        new(TransformerCodec.Id, typeof(ITransformer), _ => null, (w, v) => TransformerCodec.Write(w, (ITransformer)v), TransformerCodec.Read),
        new(OutputTableCodec.Id, typeof(OutputTable), v => OutputTableCodec.UnsupportedColumn((OutputTable)v), (w, v) => OutputTableCodec.Write(w, (OutputTable)v), OutputTableCodec.Read),
        new(EventTableCodec.Id, typeof(EventTable), _ => null, (w, v) => EventTableCodec.Write(w, (EventTable)v), EventTableCodec.Read),
        // Read only (For picks the entry above first): event tables a previous version checkpointed, without titles.
        new(EventTableCodec.V1Id, typeof(EventTable), _ => null, (_, _) => throw new InvalidOperationException("event-table (v1) is read only."), EventTableCodec.ReadV1),
        new(PreparedRankerCodec.Id, typeof(PreparedRanker), _ => null, (w, v) => PreparedRankerCodec.Write(w, (PreparedRanker)v), PreparedRankerCodec.Read),
    ];

    public static ItemCodec? For(object value) => All.FirstOrDefault(c => c.Type.IsInstanceOfType(value));

    public static ItemCodec? ById(string id) => All.FirstOrDefault(c => c.Id == id);
}
