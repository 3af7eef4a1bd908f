using System.CommandLine;
using RecsysBatch.Jobs.Analyst;

namespace RecsysBatch.Cli.Commands;

/// <summary>
/// `recsys export [--warehouse LOCATION] [--snapshot DATE] [--pipeline NAME] [--table T]... --format parquet|csv --out DIR`:
/// one file per table of the snapshot (default: each pipeline's newest succeeded one), written by DuckDB's COPY.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var warehouse = RunCommand.WarehouseOption();
        var snapshot = new Option<string?>("--snapshot") { Description = "Snapshot date YYYY-MM-DD; default: the newest succeeded snapshot of each pipeline." };
        var pipeline = new Option<string?>("--pipeline") { Description = "Only this pipeline's rows (its name in the pipeline file); default: every pipeline's." };
        var tables = new Option<string[]>("--table") { Description = "Only this table; repeatable; default: every table with a snapshot_date column.", Arity = ArgumentArity.ZeroOrMore };
        var format = new Option<string>("--format") { Description = "parquet or csv (with a header line).", DefaultValueFactory = _ => ExportRequest.Parquet };
        format.AcceptOnlyFromAmong(ExportRequest.Parquet, ExportRequest.Csv);
        var output = new Option<string>("--out") { Description = "Folder for the files <table>.parquet or <table>.csv (created).", Required = true };
        var command = new Command("export", "Write a snapshot's tables to Parquet or CSV files, one per table.") { warehouse, snapshot, pipeline, tables, format, output };
        command.SetAction((parse, cancellationToken) => CommandErrors.GuardAsync(async () =>
        {
            var request = new ExportRequest(parse.GetValue(output)!, parse.GetValue(format)!)
            {
                Snapshot = RunCommand.ParseDate(parse.GetValue(snapshot), "--snapshot"),
                Pipeline = parse.GetValue(pipeline),
                Tables = parse.GetValue(tables) ?? [],
            };
            await using var services = CliServices.Build();
            var (opened, location) = WarehouseArgument.Open(services, parse.GetValue(warehouse));
            var written = await WarehouseExporter.ExportAsync(opened, WarehouseArgument.IsDuckDb(location), request, cancellationToken);
            var width = written.Max(w => w.Table.Length);
            foreach (var table in written)
            {
                Console.Out.WriteLine($"{table.Table.PadRight(width)} {table.Rows,12:N0} rows  {table.File}");
            }

            Console.Out.WriteLine($"{written.Count} tables, {written.Sum(w => w.Rows):N0} rows, to {Path.GetFullPath(request.OutputFolder)}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
