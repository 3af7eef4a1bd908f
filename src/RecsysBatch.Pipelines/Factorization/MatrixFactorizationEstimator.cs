using Microsoft.ML;
using Microsoft.ML.Data;
using RecsysBatch.Core;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// The trainer as an ML.NET estimator: reads the user and item key columns and the Single label of an
/// <see cref="IDataView"/>, trains by SGD (explicit) or weighted ALS (one-class), and returns a transformer that
/// adds a Single "Score" column. Reached as <c>mlContext.Recommendation().Trainers.MatrixFactorization(options)</c>.
/// Every factorization of the stages (factorize, its evaluations and searches, rank's refits at the training anchors,
/// <c>recsys evaluate mf</c>) is fitted here; cells in memory come as a <see cref="RatingDataView"/>, whose arrays are
/// trained on directly (no copy, no per-row getter calls).
/// </summary>
public sealed class MatrixFactorizationEstimator : IEstimator<MatrixFactorizationTransformer>
{
    public MatrixFactorizationEstimator(MatrixFactorizationOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
    }

    public MatrixFactorizationOptions Options { get; }

    /// <summary>Per-epoch loss and time of the last <see cref="Fit"/> (null while <see cref="RecordTrace"/> is false).</summary>
    public TrainingTrace? LastTrace { get; private set; }

    /// <summary>
    /// Whether <see cref="Fit"/> records <see cref="LastTrace"/> (default true). The one-class (ALS) objective costs
    /// about one more half-sweep per sweep, so callers that do not read the trace turn it off.
    /// </summary>
    public bool RecordTrace { get; set; } = true;

    /// <summary>
    /// SGD only: sees the model after each epoch (its arrays are the live ones, valid until the next epoch) and
    /// returns false to stop early, as the hyper-parameter search does when the validation error is no longer finite.
    /// </summary>
    public Func<FactorModel, bool>? AfterEpoch { get; set; }

    public MatrixFactorizationTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Cells already in memory with the default column names: train on their arrays (validated when the matrix was built).
        var data = input is RatingDataView cells && UsesDefaultColumns() ? cells.Data : Read(input);
        var trace = RecordTrace ? new TrainingTrace() : null;
        var model = Options.LossFunction == MfLossFunction.SquareLossOneClass
            ? AlsTrainer.Train(data, Options, trace)
            : SgdTrainer.Train(data, Options, trace, AfterEpoch);
        LastTrace = trace;
        return new MatrixFactorizationTransformer(model, Options.MatrixRowIndexColumnName, Options.MatrixColumnIndexColumnName);
    }

    private bool UsesDefaultColumns() =>
        Options.MatrixRowIndexColumnName == RatingDataView.UserColumn && Options.MatrixColumnIndexColumnName == RatingDataView.ItemColumn
        && Options.LabelColumnName == RatingDataView.LabelColumn;

    /// <summary>The cells of any view with the key and label columns, read row by row.</summary>
    private RatingMatrix Read(IDataView input)
    {
        // Options first: a bad rank or rate fails before any row is read.
        Options.Validate("MatrixFactorization options");
        var (userType, itemType) = CheckInput(input.Schema);
        var users = checked((int)userType.Count);
        var items = checked((int)itemType.Count);
        var user = new List<int>();
        var item = new List<int>();
        var label = new List<float>();
        var columns = new[] { input.Schema[Options.MatrixRowIndexColumnName], input.Schema[Options.MatrixColumnIndexColumnName], input.Schema[Options.LabelColumnName] };
        using (var cursor = input.GetRowCursor(columns))
        {
            var getUser = cursor.GetGetter<uint>(columns[0]);
            var getItem = cursor.GetGetter<uint>(columns[1]);
            var getLabel = cursor.GetGetter<float>(columns[2]);
            uint u = 0, i = 0;
            float y = 0;
            var missingKeys = 0L;
            while (cursor.MoveNext())
            {
                getUser(ref u);
                getItem(ref i);
                getLabel(ref y);

                // Key value 0 is ML.NET's missing key: such rows carry no cell to learn from.
                if (u == 0 || i == 0)
                {
                    missingKeys++;
                    continue;
                }

                user.Add((int)u - 1);
                item.Add((int)i - 1);
                label.Add(y);
            }

            if (label.Count == 0 && missingKeys > 0)
            {
                throw new RecsysException(
                    $"MatrixFactorization input: no ratings to factorize: all {missingKeys} rows have a missing '{Options.MatrixRowIndexColumnName}' or '{Options.MatrixColumnIndexColumnName}' key.");
            }
        }

        return new RatingMatrix(users, items, [.. user], [.. item], [.. label], "MatrixFactorization input");
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var columns = inputSchema.ToDictionary(c => c.Name);
        foreach (var name in new[] { Options.MatrixRowIndexColumnName, Options.MatrixColumnIndexColumnName })
        {
            if (!columns.TryGetValue(name, out var column) || !column.IsKey)
            {
                throw new RecsysException($"MatrixFactorization: input needs a key column '{name}'.");
            }
        }

        if (!columns.TryGetValue(Options.LabelColumnName, out var label) || label.ItemType != NumberDataViewType.Single || label.Kind != SchemaShape.Column.VectorKind.Scalar)
        {
            throw new RecsysException($"MatrixFactorization: label column '{Options.LabelColumnName}' must exist and be Single.");
        }

        // SchemaShape.Column has no public constructor; Score has the label's shape (scalar Single), so a copy of
        // the label named Score yields exactly the output shape.
        return new MLContext().Transforms.CopyColumns(MatrixFactorizationTransformer.ScoreColumnName, Options.LabelColumnName).GetOutputSchema(inputSchema);
    }

    private (KeyDataViewType User, KeyDataViewType Item) CheckInput(DataViewSchema schema)
    {
        var user = schema.GetColumnOrNull(Options.MatrixRowIndexColumnName)?.Type as KeyDataViewType;
        var item = schema.GetColumnOrNull(Options.MatrixColumnIndexColumnName)?.Type as KeyDataViewType;
        var label = schema.GetColumnOrNull(Options.LabelColumnName)?.Type;
        if (user is null || item is null || user.RawType != typeof(uint) || item.RawType != typeof(uint))
        {
            throw new RecsysException(
                $"MatrixFactorization: '{Options.MatrixRowIndexColumnName}' and '{Options.MatrixColumnIndexColumnName}' must be UInt32 key columns (use MapValueToKey).");
        }

        if (label != NumberDataViewType.Single)
        {
            throw new RecsysException($"MatrixFactorization: label column '{Options.LabelColumnName}' must exist and be Single.");
        }

        return (user, item);
    }
}
