using System.CommandLine;
using System.Globalization;
using RecsysBatch.Core;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Pipelines.Factorization;

namespace RecsysBatch.Cli.Commands;

/// <summary>
/// `recsys evaluate mf --source FORMAT:PATH... [--protocol kfold|time] ...`: accuracy of the explicit matrix
/// factorization on rating sources (random k-fold, or a time hold-out next to the bias baseline).
/// </summary>
internal static class EvaluateCommand
{
    private const string Auto = "auto";

    public static Command Create()
    {
        var evaluate = new Command("evaluate", "Measure the accuracy of a model on a data set (nothing is published).");
        evaluate.Subcommands.Add(CreateMf());
        return evaluate;
    }

    private static Command CreateMf()
    {
        var defaults = new MfEvaluationSettings();
        var sources = new Option<string[]>("--source") { Description = "FORMAT:PATH of a rating source (e.g. movielens:ratings.csv); repeatable.", Required = true, Arity = ArgumentArity.OneOrMore };
        var protocol = new Option<string>("--protocol") { Description = "kfold: random folds of the ratings; time: train before as-of minus the horizon, test on the horizon.", DefaultValueFactory = _ => "kfold" };
        var folds = new Option<int>("--folds") { Description = "Folds of the kfold protocol.", DefaultValueFactory = _ => 5 };
        var asOf = new Option<string?>("--as-of") { Description = "time protocol: end of the test window YYYY-MM-DD (UTC, exclusive); default: the day after the newest event." };
        var horizon = new Option<int>("--horizon-days") { Description = "time protocol: days of the test window.", DefaultValueFactory = _ => 7 };
        var rank = new Option<int>("--rank") { Description = "Rank of the factors.", DefaultValueFactory = _ => defaults.Rank };
        var iterations = new Option<int>("--iterations") { Description = "SGD epochs.", DefaultValueFactory = _ => defaults.Iterations };
        var lambda = new Option<string>("--lambda") { Description = "L2 regularisation, or auto: chosen from 0.01, 0.02, 0.05, 0.1, 0.2 on an inner validation split of the training data.", DefaultValueFactory = _ => Auto };
        var learningRate = new Option<string>("--learning-rate") { Description = "SGD step size of the first epoch, or auto: chosen from 0.005, 0.01, 0.02 with lambda.", DefaultValueFactory = _ => Auto };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (the SGD grid has 4 x threads blocks); default: processor count." };
        var seed = new Option<int>("--seed") { Description = "Seed of the folds and the trainer.", DefaultValueFactory = _ => defaults.Seed };
        var command = new Command("mf", "Explicit matrix factorization (SGD with biases) on rating events: RMSE and MAE.")
        {
            sources, protocol, folds, asOf, horizon, rank, iterations, lambda, learningRate, threads, seed,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.GuardAsync(async () =>
        {
            var specs = (parse.GetValue(sources) ?? []).Select(SourceSpec.Parse).ToList();
            var settings = new MfEvaluationSettings
            {
                Rank = Positive("--rank", parse.GetValue(rank)),
                Iterations = Positive("--iterations", parse.GetValue(iterations)),
                Lambda = AutoOr("--lambda", parse.GetValue(lambda), v => v >= 0),
                LearningRate = AutoOr("--learning-rate", parse.GetValue(learningRate), v => v > 0),
                Threads = parse.GetValue(threads) is { } t ? Positive("--threads", t) : null,
                Seed = parse.GetValue(seed),
            };
            switch (parse.GetValue(protocol))
            {
                case "kfold":
                    EvaluateMfView.Write(settings, await MfEvaluation.KFoldAsync(specs, settings, parse.GetValue(folds), cancellationToken));
                    break;
                case "time":
                    var report = await MfEvaluation.TimeHoldOutAsync(specs, settings, RunCommand.ParseDate(parse.GetValue(asOf)), parse.GetValue(horizon), cancellationToken);
                    EvaluateMfView.Write(settings, report);
                    break;
                case var other:
                    throw new RecsysException($"--protocol '{other}' is not kfold or time.");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>null for "auto" (search on an inner split), else the number, which must satisfy <paramref name="valid"/>.</summary>
    private static double? AutoOr(string option, string? text, Func<double, bool> valid)
    {
        if (text is null || text.Equals(Auto, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && valid(value)
            ? value
            : throw new RecsysException($"{option} must be auto or a {(option == "--lambda" ? "non-negative" : "positive")} number; it is '{text}'.");
    }

    private static int Positive(string option, int value) =>
        value > 0 ? value : throw new RecsysException(string.Create(CultureInfo.InvariantCulture, $"{option} must be positive; it is {value}."));
}
