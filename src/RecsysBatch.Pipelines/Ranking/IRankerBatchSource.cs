namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// A view whose rows <see cref="RankerScoringTransformer"/> hands to ONNX Runtime a batch at a time without reading them
/// through getters: <see cref="RankerInputView"/> (rows already in the tensor layout, scored in place) and
/// <see cref="RankerCandidateView"/> (rows filled straight into the session's buffer when their batch is scored).
/// </summary>
internal interface IRankerBatchSource
{
    /// <summary>Rows in the view.</summary>
    int Count { get; }

    /// <summary>Scores rows [<paramref name="start"/>, start + n), n at most the session's BatchSize; valid until its next Run.</summary>
    ReadOnlySpan<float> Run(OnnxRankerSession session, int start, int n);
}
