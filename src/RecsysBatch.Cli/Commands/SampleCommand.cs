using System.CommandLine;
using RecsysBatch.Core;
using RecsysBatch.Pipelines.Synthetic;

namespace RecsysBatch.Cli.Commands;

/// <summary>`recsys sample --out DIR [--users N] [--items N] [--days D] [--seed S]`: the synthetic data set.</summary>
internal static class SampleCommand
{
    public static Command Create()
    {
        var defaults = new SyntheticOptions();
        var output = new Option<string>("--out") { Description = "Folder to write events.csv and ground_truth.json into.", Required = true };
        var users = new Option<int>("--users") { Description = "Number of users.", DefaultValueFactory = _ => defaults.Users };
        var items = new Option<int>("--items") { Description = "Number of items.", DefaultValueFactory = _ => defaults.Items };
        var days = new Option<int>("--days") { Description = "Days of history.", DefaultValueFactory = _ => defaults.Days };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same bytes).", DefaultValueFactory = _ => defaults.Seed };
        var command = new Command("sample", "Write the synthetic behaviour data set with its planted ground truth.") { output, users, items, days, seed };
        command.SetAction((parse, _) => CommandErrors.GuardAsync(() =>
        {
            var options = new SyntheticOptions
            {
                Users = parse.GetValue(users),
                Items = parse.GetValue(items),
                Days = parse.GetValue(days),
                Seed = parse.GetValue(seed),
            };
            var directory = parse.GetValue(output)!;
            SyntheticSummary summary;
            try
            {
                summary = SyntheticGenerator.Generate(options, directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A folder that cannot be made or written is a bad --out, not a bug.
                throw new RecsysException($"--out {directory}: cannot write the sample there: {e.Message}", e);
            }

            Console.WriteLine($"wrote {summary} to {Path.GetFullPath(directory)}");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }
}
