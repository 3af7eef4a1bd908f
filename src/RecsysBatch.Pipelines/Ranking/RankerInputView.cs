using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// Rows already in the contract's tensor layout (a <see cref="RankerBatch"/>, one contiguous array per tensor) as an
/// IDataView with one column per input tensor. Any ML.NET consumer can cursor it like any view; the
/// <see cref="RankerScoringTransformer"/> recognises it and hands slices of its arrays to ONNX Runtime directly, so
/// in-memory rows are scored without per-row getter calls or copies (the columnar fast path).
/// </summary>
internal sealed class RankerInputView : IDataView, IRankerBatchSource
{
    public RankerInputView(RankerContract contract, RankerBatch rows)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(rows);
        Contract = contract;
        Rows = rows;
        Schema = SchemaOf(contract);
    }

    public RankerContract Contract { get; }

    /// <summary>The rows; <see cref="RankerBatch.Count"/> of them are in the view.</summary>
    public RankerBatch Rows { get; }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public int Count => Rows.Count;

    public long? GetRowCount() => Rows.Count;

    /// <summary>A view of no rows: what a scoring estimator is fitted on before the rows exist (only the schema is read).</summary>
    public static RankerInputView Empty(RankerContract contract) => new(contract, new RankerBatch(contract, 1));

    /// <summary>One column per input tensor of the contract: a [batch] tensor a scalar column, every other shape a known-size vector.</summary>
    public static DataViewSchema SchemaOf(RankerContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var builder = new DataViewSchema.Builder();
        foreach (var spec in contract.Inputs)
        {
            DataViewType item = spec.ElementType == "int64" ? NumberDataViewType.Int64 : NumberDataViewType.Single;
            builder.AddColumn(spec.Name, spec.Shape.Count == 1 ? item : new VectorDataViewType((PrimitiveDataViewType)item, spec.RowWidth));
        }

        var schema = builder.ToSchema();
        RankerColumns.Check(contract, schema);
        return schema;
    }

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new RankerRowCursor(Schema, Contract, Rows.Count, columnsNeeded.Select(c => c.Index), Rows, position => (int)position);

    public ReadOnlySpan<float> Run(OnnxRankerSession session, int start, int n)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.Run(Rows, start, n);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    /// <summary>The array of <paramref name="b"/> holding tensor <paramref name="name"/>, row-major.</summary>
    internal static Array TensorOf(RankerBatch b, string name) => name switch
    {
        RankerInputs.UserFeatures => b.UserFeatures,
        RankerInputs.ItemFeatures => b.ItemFeatures,
        RankerInputs.UserFactors => b.UserFactors,
        RankerInputs.ItemFactors => b.ItemFactors,
        RankerInputs.ItemCategory => b.ItemCategory,
        RankerInputs.BehaviorCategories => b.BehaviorCategories,
        RankerInputs.BehaviorEventTypes => b.BehaviorEventTypes,
        RankerInputs.BehaviorMask => b.BehaviorMask,
        _ => throw new Core.RecsysException($"ranker contract input '{name}' has no source in the rank stage."),
    };
}
