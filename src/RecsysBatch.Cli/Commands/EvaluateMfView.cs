using System.Globalization;
using RecsysBatch.Pipelines.Factorization;
using Spectre.Console;

namespace RecsysBatch.Cli.Commands;

/// <summary>What `recsys evaluate mf` prints: the settings, a table (per fold, or MF and baseline) and the summary line.</summary>
internal static class EvaluateMfView
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(MfEvaluationSettings settings, KFoldReport report)
    {
        Console.WriteLine(string.Create(
            Invariant,
            $"evaluate mf, {report.Folds.Count}-fold: {report.Ratings:N0} ratings, {report.Users:N0} users, {report.Items:N0} items; {Settings(settings)}, {report.Threads} threads, {report.Blocks}x{report.Blocks} blocks"));
        // The chosen values go on their own line below, not in extra columns: wider rows wrap on an 80-column console.
        var table = new Table().Border(TableBorder.Markdown).AddColumns("fold", "train rows", "test rows", "RMSE", "MAE", "train s", "s/epoch");
        foreach (var fold in report.Folds)
        {
            table.AddRow(
                (fold.Fold + 1).ToString(Invariant), fold.TrainRatings.ToString("N0", Invariant), fold.TestRatings.ToString("N0", Invariant),
                fold.Rmse.ToString("F4", Invariant), fold.Mae.ToString("F4", Invariant), fold.TrainSeconds.ToString("F2", Invariant),
                fold.SecondsPerEpoch.ToString("F3", Invariant));
        }

        AnsiConsole.Write(table);
        Console.WriteLine(string.Create(
            Invariant,
            $"mean RMSE {report.MeanRmse:F4} ± {report.StdRmse:F4}, mean MAE {report.MeanMae:F4} ± {report.StdMae:F4} over {report.Folds.Count} folds; training {report.MeanSecondsPerEpoch:F3} s per epoch"));
        if (report.Folds[0].Choice.Searched)
        {
            Console.WriteLine(string.Create(
                Invariant,
                $"chosen per fold on {report.Folds[0].Choice.InnerSplit}: lambda {string.Join("/", report.Folds.Select(f => f.Choice.Lambda))}, learning rate {string.Join("/", report.Folds.Select(f => f.Choice.LearningRate))}; search {report.Folds.Sum(f => f.Choice.Seconds):F1} s in all ({report.Folds[0].Choice.Grid.Count} grid points per fold, at most {report.Folds.Max(f => f.Choice.Grid.Max(g => g.Epochs))} epochs each)"));
        }
    }

    public static void Write(MfEvaluationSettings settings, TimeHoldOutReport report)
    {
        Console.WriteLine(string.Create(
            Invariant,
            $"evaluate mf, time hold-out: train on {report.TrainRatings:N0} ratings before {report.Split:yyyy-MM-dd}, test on {report.TestRatings:N0} ratings in [{report.Split:yyyy-MM-dd}, {report.AsOf:yyyy-MM-dd}) ({report.ColdTestRatings:N0} with a user or item unseen in training); {Settings(settings)}"));
        var table = new Table().Border(TableBorder.Markdown).AddColumns("model", "RMSE", "MAE");
        table.AddRow("mf", report.MfRmse.ToString("F4", Invariant), report.MfMae.ToString("F4", Invariant));
        table.AddRow("bias baseline", report.BaselineRmse.ToString("F4", Invariant), report.BaselineMae.ToString("F4", Invariant));
        AnsiConsole.Write(table);
        Console.WriteLine(string.Create(Invariant, $"mf trained in {report.TrainSeconds:F2} s ({report.SecondsPerEpoch:F3} s per epoch) with lambda {report.Choice.Lambda}, learning rate {report.Choice.LearningRate}"));
        if (report.Choice.Searched)
        {
            Console.WriteLine(string.Create(
                Invariant,
                $"chosen on {report.Choice.InnerSplit} (inner validation): search {report.Choice.Seconds:F1} s over {report.Choice.Grid.Count} grid points, at most {report.Choice.Grid.Max(g => g.Epochs)} epochs each"));
        }
    }

    private static string Settings(MfEvaluationSettings s) => string.Create(
        Invariant, $"rank {s.Rank}, {s.Iterations} epochs, lambda {s.Lambda?.ToString(Invariant) ?? "auto"}, learning rate {s.LearningRate?.ToString(Invariant) ?? "auto"}, seed {s.Seed}");
}
