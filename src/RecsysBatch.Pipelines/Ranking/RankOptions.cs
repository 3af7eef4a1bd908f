using System.ComponentModel.DataAnnotations;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>Options of the rank stage (pipeline file: stages[].options, schema definitions/rankOptions).</summary>
public sealed class RankOptions
{
    /// <summary>Train the reference ranker each run (true), or score with the ONNX model at <see cref="ModelPath"/> (false).</summary>
    public bool Retrain { get; set; } = true;

    /// <summary>Model used when retrain is false and modelPath is not given: the committed default model (data/models), relative to the pipeline file.</summary>
    public const string DefaultModelPath = "../data/models/ranker.onnx";

    /// <summary>ONNX model honouring pipelines/ranker/contract.json, used when retrain is false (default <see cref="DefaultModelPath"/>). Relative paths are relative to the pipeline file.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Largest model file read (MB): modelPath must name a regular file of at most this size (ONNX's protobuf limit is 2 GB).</summary>
    [Range(1, 2047)]
    public int MaxModelMegabytes { get; set; } = 1024;

    /// <summary>Event that makes a (user, item) row positive in the label window: purchase, cart, click, or view (for logs where a view is a click on an item page, like Taobao pv).</summary>
    [RegularExpression("^(purchase|cart|click|view)$")]
    public string LabelEvent { get; set; } = "purchase";

    /// <summary>Length of the label window H in days; 0 means the pipeline's horizonDays.</summary>
    [Range(0, 365)]
    public int HorizonDays { get; set; }

    /// <summary>Training anchors S − H, S − 2H, …: each adds the labelled rows of its window (an older anchor with fewer than minPositives positives ends the list).</summary>
    [Range(1, 12)]
    public int Anchors { get; set; } = 4;

    /// <summary>Recommendations kept per user (the best by the champion scorer's score among the factorize candidates).</summary>
    [Range(1, 1000)]
    public int TopN { get; set; } = 20;

    /// <summary>MF candidates per user at the training anchor from which negatives are sampled.</summary>
    [Range(1, 5000)]
    public int CandidatePool { get; set; } = 100;

    /// <summary>Negatives sampled per user with a positive (seeded), from the user's candidates that are not positive.</summary>
    [Range(1, 1000)]
    public int NegativesPerUser { get; set; } = 10;

    /// <summary>
    /// Most labelled rows the anchors together are built for (size rule): each anchor keeps at most
    /// maxLabelledRows / (anchors × (1 + negativesPerUser)) of its users with a positive, chosen by a seeded hash of the
    /// user (the same users at every anchor; train, validation and test users alike), so the anchors' top-K scoring,
    /// the rows and the training stay bounded while the log grows. The default (400,000) is tens of rows per weight of
    /// the reference network; model_metrics has labelled_users / labelled_users_available.
    /// </summary>
    [Range(1000, 100_000_000)]
    public int MaxLabelledRows { get; set; } = 400_000;

    /// <summary>Share of the labelled users held out for evaluation (model_metrics); never trained on.</summary>
    [Range(0.05, 0.5)]
    public double TestShare { get; set; } = 0.2;

    /// <summary>Share of the labelled users used for early stopping.</summary>
    [Range(0.05, 0.5)]
    public double ValidationShare { get; set; } = 0.15;

    /// <summary>Fewest positive pairs in [S − H, S) (fewer skip the stage with a note) and fewest positive rows among the MF candidates at the anchors (fewer end the stage without recommendations, with a note).</summary>
    [Range(1, 1_000_000)]
    public int MinPositives { get; set; } = 30;

    /// <summary>Most training epochs (early stopping usually ends sooner).</summary>
    [Range(1, 500)]
    public int MaxEpochs { get; set; } = 30;

    /// <summary>Execution provider of ONNX Runtime: cpu, or cuda (falls back to cpu with one warning when unavailable).</summary>
    [RegularExpression("^(cpu|cuda)$")]
    public string Provider { get; set; } = "cpu";

    /// <summary>CUDA device id when provider is cuda.</summary>
    [Range(0, 64)]
    public int DeviceId { get; set; }

    /// <summary>Also write behavior_predictions: per user, calibrated P(purchase) and P(any event) in the horizon, evaluated in model_metrics.</summary>
    public bool BehaviorPredictions { get; set; } = true;

    /// <summary>
    /// Most users whose rows at the anchors the behaviour classifiers are fitted on (size rule): beyond it a seeded
    /// sample of users (all users are still scored and evaluated). The default, 50,000 users (about 200,000 rows per
    /// fit over 4 anchors), is thousands of rows per leaf of the 50-tree, 16-leaf FastTree models; model_metrics
    /// fit_users says how many were used.
    /// </summary>
    [Range(1000, 100_000_000)]
    public int BehaviorMaxFitUsers { get; set; } = BehaviorPredictor.DefaultMaxFitUsers;

    /// <summary>Rows per ONNX Runtime call.</summary>
    [Range(1, 1_000_000)]
    public int BatchSize { get; set; } = 1024;
}
