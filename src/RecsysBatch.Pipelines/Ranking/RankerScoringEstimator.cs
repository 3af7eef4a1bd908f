using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// Estimator for <see cref="RankerScoringTransformer"/>: nothing is learned; Fit loads the ONNX model, checks it
/// against the contract and the input view's columns, and returns the batched scoring transformer.
/// </summary>
internal sealed class RankerScoringEstimator : IEstimator<RankerScoringTransformer>
{
    private readonly string? _modelPath;
    private readonly byte[]? _model;
    private readonly string? _modelName;
    private readonly RankerContract _contract;
    private readonly RankerExecutionOptions _options;
    private readonly ILogger? _logger;
    private readonly string _outputColumn;

    public RankerScoringEstimator(string modelPath, RankerContract contract, RankerExecutionOptions options, ILogger? logger = null, string outputColumn = RankerScoringTransformer.DefaultOutputColumn)
    {
        _modelPath = modelPath;
        _contract = contract;
        _options = options;
        _logger = logger;
        _outputColumn = outputColumn;
    }

    /// <summary>The estimator of a model already read into memory; <paramref name="modelName"/> names it in errors.</summary>
    public RankerScoringEstimator(byte[] model, string modelName, RankerContract contract, RankerExecutionOptions options, ILogger? logger = null, string outputColumn = RankerScoringTransformer.DefaultOutputColumn)
    {
        _model = model;
        _modelName = modelName;
        _contract = contract;
        _options = options;
        _logger = logger;
        _outputColumn = outputColumn;
    }

    public RankerScoringTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        RankerColumns.Check(_contract, input.Schema);
        var session = _model is null
            ? new OnnxRankerSession(_modelPath!, _contract, _options, _logger)
            : new OnnxRankerSession(_model, _modelName!, _contract, _options, _logger);
        return new RankerScoringTransformer(session, _outputColumn);
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        // SchemaShape.Column has no public constructor; converting the Int64 item_category scalar to Single under
        // the output name yields exactly the shape of the score column.
        return new MLContext().Transforms.Conversion.ConvertType(_outputColumn, RankerInputs.ItemCategory, DataKind.Single).GetOutputSchema(inputSchema);
    }
}
