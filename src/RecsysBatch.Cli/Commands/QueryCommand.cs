using System.CommandLine;
using RecsysBatch.Core;

namespace RecsysBatch.Cli.Commands;

/// <summary>
/// `recsys query [--warehouse LOCATION] [--csv] [--max-rows N] "SQL"`: one read-only query through
/// IWarehouse.QueryAsync, printed as a text table or CSV, so a fresh machine needs no database client.
/// Bad SQL and a statement that writes are exit 2 with the database's one-line message; nothing is changed.
/// </summary>
internal static class QueryCommand
{
    public static Command Create()
    {
        var sql = new Argument<string>("sql") { Description = "One SQL statement, read-only, e.g. \"SELECT * FROM job_runs\"." };
        var warehouse = RunCommand.WarehouseOption();
        var csv = new Option<bool>("--csv") { Description = "Print RFC 4180 CSV (header line, CRLF) instead of a text table." };
        var maxRows = new Option<int?>("--max-rows") { Description = "Print at most N rows (default: 100 for the table, all for --csv)." };
        var command = new Command("query", "Run one read-only SQL query on the warehouse and print its rows.") { sql, warehouse, csv, maxRows };
        command.SetAction((parse, cancellationToken) => CommandErrors.GuardAsync(async () =>
        {
            var asCsv = parse.GetValue(csv);
            var limit = parse.GetValue(maxRows) ?? (asCsv ? int.MaxValue : 100);
            if (limit < 0)
            {
                throw new RecsysException($"--max-rows {limit}: must be 0 or more.");
            }

            await using var services = CliServices.Build();
            var (opened, _) = WarehouseArgument.Open(services, parse.GetValue(warehouse));
            var result = await opened.QueryAsync(parse.GetValue(sql)!, cancellationToken);
            if (asCsv)
            {
                QueryResultView.WriteCsv(Console.Out, result, limit);
            }
            else
            {
                QueryResultView.WriteTable(Console.Out, result, limit);
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
