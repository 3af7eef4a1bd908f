using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// An ONNX ranking model as an ML.NET transformer: adds a Single column (default "RankScore") with the model's
/// probability for each row. Unlike ML.NET's OnnxTransformer, which calls Run once per row, the cursor scores rows
/// in batches of <see cref="OnnxRankerSession.BatchSize"/> (see <see cref="RankerScoredCursor"/>).
/// </summary>
internal sealed class RankerScoringTransformer : ITransformer, IDisposable
{
    public const string DefaultOutputColumn = "RankScore";

    public RankerScoringTransformer(OnnxRankerSession session, string outputColumn = DefaultOutputColumn)
    {
        Session = session;
        OutputColumn = outputColumn;
    }

    public OnnxRankerSession Session { get; }

    public string OutputColumn { get; }

    public bool IsRowToRowMapper => false;

    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        RankerColumns.Check(Session.Contract, inputSchema);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema.Where(c => c.Name != OutputColumn));
        builder.AddColumn(OutputColumn, NumberDataViewType.Single);
        return builder.ToSchema();
    }

    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException("RankerScoringTransformer scores in batches through Transform, not a row mapper.");

    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new RankerScoredDataView(input, GetOutputSchema(input.Schema), this);
    }

    /// <summary>The score of every row of <paramref name="input"/>, in row order, read through <see cref="Transform"/>.</summary>
    /// <param name="progress">Called with (rows scored, rows) about every 4 % of the rows and at the end; null: not reported.</param>
    public float[] Score(IDataView input, Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var scored = Transform(input);
        var column = scored.Schema[OutputColumn];
        var total = input.GetRowCount() is { } count ? checked((int)count) : 0;
        var scores = new List<float>(total);
        var step = Math.Max(1, total / 25);
        using var cursor = scored.GetRowCursor([column]);
        var get = cursor.GetGetter<float>(column);
        var value = 0f;
        while (cursor.MoveNext())
        {
            get(ref value);
            scores.Add(value);
            if (progress is not null && scores.Count % step == 0)
            {
                progress(scores.Count, total);
            }
        }

        progress?.Invoke(scores.Count, total);

        return [.. scores];
    }

    /// <summary>The scores of rows already in the contract's tensor layout (the first Count rows of <paramref name="rows"/>).</summary>
    public float[] Score(RankerBatch rows) => Score(new RankerInputView(Session.Contract, rows));

    public void Dispose() => Session.Dispose();

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("The ranking model is an ONNX file; configure its path instead of saving an ML.NET zip.");
}
