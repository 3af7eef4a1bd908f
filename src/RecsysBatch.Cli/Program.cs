using System.CommandLine;
using RecsysBatch.Cli;
using RecsysBatch.Cli.Commands;

ConsoleSetup.Apply();
var root = new RootCommand("RecsysBatch: the nightly batch analytics job over recommender behaviour data.");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(SampleCommand.Create());
root.Subcommands.Add(ValidateCommand.Create());
root.Subcommands.Add(EvaluateCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(SchedulesCommand.Create());
root.Subcommands.Add(BackfillCommand.Create());
root.Subcommands.Add(QueryCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(HashPasswordCommand.Create());
var parse = root.Parse(args);
return ParseProblems.Describe(parse) is { } problem
    ? CommandErrors.Fail(problem, ExitCodes.InvalidInput)
    : await parse.InvokeAsync();
