using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using RecsysBatch.Pipelines.Definitions;

namespace RecsysBatch.Cli.Commands;

/// <summary>`recsys validate PIPELINE`: every problem of a pipeline file with its JSON path.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var pipeline = new Argument<string>("pipeline") { Description = "Pipeline file to check against pipelines/pipeline.schema.json." };
        var command = new Command("validate", "Check a pipeline file against its JSON schema and the known stages.") { pipeline };
        command.SetAction((parse, _) => CommandErrors.GuardAsync(async () =>
        {
            await using var services = CliServices.Build();
            var path = parse.GetValue(pipeline)!;
            var problems = services.GetRequiredService<PipelineFileLoader>().Validate(path);
            foreach (var problem in problems)
            {
                Console.WriteLine($"{path}: {problem}");
            }

            if (problems.Count == 0)
            {
                Console.WriteLine($"{path}: valid");
                return ExitCodes.Success;
            }

            return CommandErrors.Fail($"{path}: {problems.Count} problem(s)", ExitCodes.InvalidInput);
        }));
        return command;
    }
}
