using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RecsysBatch.Core;
using RecsysBatch.Jobs.Scheduling;
using Spectre.Console;

namespace RecsysBatch.Cli.Commands;

/// <summary>
/// `recsys schedules list [--schedules DIR] [--count N]`: checks schedules/ exactly as `recsys serve` will at start-up
/// and shows when each schedule fires next, so a cron or time-zone mistake shows up before the night it matters.
/// </summary>
internal static class SchedulesCommand
{
    public static Command Create()
    {
        var schedules = new Command("schedules", "Recurring jobs defined in schedules/*.schedule.json.");
        schedules.Subcommands.Add(CreateList());
        return schedules;
    }

    private static Command CreateList()
    {
        var folder = new Option<string>("--schedules") { Description = "Folder of *.schedule.json files; pipeline paths are relative to the folder above it.", DefaultValueFactory = _ => "schedules" };
        var count = new Option<int>("--count") { Description = "Next run times to show per schedule.", DefaultValueFactory = _ => 3 };
        var command = new Command("list", "Validate the schedules and show their next run times (in their time zone and UTC).") { folder, count };
        command.SetAction((parse, _) => CommandErrors.GuardAsync(async () =>
        {
            var n = parse.GetValue(count);
            if (n is < 0 or > 100)
            {
                throw new RecsysException(string.Create(CultureInfo.InvariantCulture, $"--count must be 0..100; it is {n}."));
            }

            await using var services = CliServices.Build();
            var loaded = services.GetRequiredService<ScheduleLoader>().LoadFolder(parse.GetValue(folder)!);
            Write(loaded, n, services.GetRequiredService<TimeProvider>().GetUtcNow());
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Write(IReadOnlyList<ScheduleDefinition> schedules, int count, DateTimeOffset now)
    {
        var table = new Table().Title("schedules").AddColumns("id", "pipeline", "cron", "time zone", "queue", "retries", "enabled");
        foreach (var s in schedules)
        {
            table.AddRow(
                Markup.Escape(s.Id),
                Markup.Escape(s.Pipeline),
                Markup.Escape(s.Cron),
                Markup.Escape(s.TimeZone),
                Markup.Escape(s.Queue),
                s.RetryAttempts.ToString(CultureInfo.InvariantCulture),
                s.Enabled ? "yes" : "no");
        }

        AnsiConsole.Write(table);
        if (schedules.Count == 0)
        {
            Console.WriteLine("no *.schedule.json files");
            return;
        }

        if (count == 0)
        {
            return;
        }

        var next = new Table().Title("next runs").AddColumns("id", "#", "local time", "UTC");
        foreach (var s in schedules)
        {
            if (!s.Enabled)
            {
                next.AddRow(Markup.Escape(s.Id), "-", "disabled", "-");
                continue;
            }

            var after = now;
            for (var i = 1; i <= count; i++)
            {
                if (ScheduleLoader.NextOccurrence(s, after) is not { } at)
                {
                    next.AddRow(Markup.Escape(s.Id), i.ToString(CultureInfo.InvariantCulture), "never", "-");
                    break;
                }

                next.AddRow(
                    Markup.Escape(s.Id),
                    i.ToString(CultureInfo.InvariantCulture),
                    at.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture),
                    at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                after = at;
            }
        }

        AnsiConsole.Write(next);
    }
}
