using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// A trained factorization as an ML.NET transformer: adds "Score" (Single) computed from the row's user and item
/// keys. Keys outside the trained range or missing (0) get <see cref="FactorModel.Score"/>'s defined fallback, never NaN.
/// </summary>
public sealed class MatrixFactorizationTransformer : ITransformer
{
    public const string ScoreColumnName = "Score";

    public MatrixFactorizationTransformer(FactorModel model, string userColumn, string itemColumn)
    {
        Model = model;
        UserColumn = userColumn;
        ItemColumn = itemColumn;
    }

    public FactorModel Model { get; }

    public string UserColumn { get; }

    public string ItemColumn { get; }

    public bool IsRowToRowMapper => false;

    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(ScoreColumnName, NumberDataViewType.Single);
        return builder.ToSchema();
    }

    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException("MatrixFactorizationTransformer scores through Transform, not a row mapper.");

    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new ScoredDataView(input, GetOutputSchema(input.Schema), this);
    }

    /// <summary>The score of a key pair as ML.NET keys (1-based; 0 = missing).</summary>
    public float Score(uint userKey, uint itemKey) => Model.Score((int)userKey - 1, (int)itemKey - 1);

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("Saving to an ML.NET model zip is not supported; factors are published to user_factors and item_factors.");
}
