using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace RecsysBatch.Host.Tests;

/// <summary>Bad configuration: `recsys serve` refuses to start with exit code 2 and one stderr line naming the culprit.</summary>
[TestClass]
public sealed partial class ServeRefusalTests
{
    [TestMethod]
    public void Serve_ScheduleWithUnknownPipeline_Exits2NamingPipeline()
    {
        using var site = new ServeSite();
        site.WriteSchedule("broken", "broken", pipeline: "pipelines/missing.pipeline.json");

        AssertRefused(site.RunToExit(), "broken.schedule.json", "missing.pipeline.json");
    }

    [TestMethod]
    public void Serve_ScheduleWithInvalidCron_Exits2NamingCron()
    {
        using var site = new ServeSite();
        site.WriteSchedule("broken", "broken", cron: "61 * * * *");

        AssertRefused(site.RunToExit(), "broken.schedule.json", "61 * * * *");
    }

    [TestMethod]
    public void Serve_ScheduleWithUnknownTimeZone_Exits2NamingTimeZone()
    {
        using var site = new ServeSite();
        site.WriteSchedule("broken", "broken", timeZone: "Mars/Olympus_Mons");

        AssertRefused(site.RunToExit(), "broken.schedule.json", "Mars/Olympus_Mons");
    }

    [TestMethod]
    public void Serve_DuplicateScheduleId_Exits2NamingId()
    {
        using var site = new ServeSite();
        site.WriteSchedule("again", ServeSite.ScheduleId);

        AssertRefused(site.RunToExit(), "duplicate id", ServeSite.ScheduleId);
    }

    [TestMethod]
    public void Serve_UnreachablePostgres_Exits2NamingHost()
    {
        using var site = new ServeSite();
        site.Environment["Recsys__Serve__Storage"] = "postgres:Host=/nonexistent-socket-dir;Username=recsys;Password=secret;Timeout=3";

        var outcome = site.RunToExit();

        AssertRefused(outcome, "Recsys:Serve:Storage", "/nonexistent-socket-dir");
        Assert.DoesNotContain("secret", outcome.StdErr, "the password must not be printed");
    }

    [TestMethod]
    public void Serve_PortInUse_Exits2NamingUrl()
    {
        using var site = new ServeSite();
        using var occupant = new TcpListener(IPAddress.Loopback, site.Port);
        occupant.Start();

        AssertRefused(site.RunToExit(), "Recsys:Serve:Urls", $"127.0.0.1:{site.Port}");
    }

    [TestMethod]
    public void Serve_InvalidUrl_Exits2NamingUrl()
    {
        using var site = new ServeSite();

        AssertRefused(site.RunToExit("--urls", "http://127.0.0.1:99999"), "Recsys:Serve:Urls", "99999");
    }

    [TestMethod]
    public void Serve_UserWithPlainPassword_Exits2NamingSetting()
    {
        using var site = new ServeSite();
        site.Environment["Recsys__Serve__Dashboard__Users__0__Name"] = "ada";
        site.Environment["Recsys__Serve__Dashboard__Users__0__PasswordHash"] = "hunter2";
        site.Environment["Recsys__Serve__Dashboard__Users__0__Role"] = "admin";

        AssertRefused(site.RunToExit(), "Recsys:Serve:Dashboard:Users:0:PasswordHash", "hash-password");
    }

    [TestMethod]
    public void Serve_NoUsersConfigured_SaysHowToAddOneOnStderrAndInTheLog()
    {
        using var site = new ServeSite();
        using var serve = site.Start();
        serve.Stop(TimeSpan.FromSeconds(30));

        // stderr also carries the log (timestamped lines); the hint is the one line of its own.
        var hint = serve.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !LogLine().IsMatch(l)).ToArray();
        Assert.HasCount(1, hint, serve.StdErr);
        StringAssert.StartsWith(hint[0], "recsys: warning: no dashboard users");
        StringAssert.Contains(hint[0], "answer 401 to every request");
        StringAssert.Contains(hint[0], "`recsys hash-password`");
        StringAssert.Contains(hint[0], "`dotnet run --project src/RecsysBatch.Cli -- hash-password`");
        StringAssert.Contains(hint[0], "Recsys:Serve:Dashboard:Users");
        Assert.IsTrue(
            serve.StdErr.Split('\n').Any(l => LogLine().IsMatch(l) && l.Contains("warn:", StringComparison.Ordinal) && l.Contains("no dashboard users (Recsys:Serve:Dashboard:Users is empty)", StringComparison.Ordinal)),
            serve.StdErr);
    }

    [TestMethod]
    public void Serve_Sigterm_StopsGracefullyWithExitCode0()
    {
        using var site = new ServeSite();
        site.AddUser(0, "ada", "pw", "admin"); // else stderr has the no-users hint
        using var serve = site.Start();

        var exitCode = serve.Stop(TimeSpan.FromSeconds(30));

        Assert.AreEqual(0, exitCode, serve.StdErr);
        var lines = serve.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.IsTrue(lines.Any(l => l.EndsWith("Stopped", StringComparison.Ordinal)), serve.StdErr);
        Assert.IsTrue(lines.All(l => LogLine().IsMatch(l) && l.Contains(" info: ", StringComparison.Ordinal)), "only timestamped info lines, no warning or error:\n" + serve.StdErr);
        Assert.AreEqual("", serve.StdOut.Trim(), "the log goes to stderr, as `recsys run`'s does");
    }

    private static void AssertRefused(ServeProcess.Outcome outcome, params string[] culprits)
    {
        Assert.AreEqual(2, outcome.ExitCode, $"stdout:\n{outcome.StdOut}\nstderr:\n{outcome.StdErr}");
        // The log shares stderr (what serve did before it refused, e.g. the schedules synced); the error is the one other line, and the last.
        var errors = outcome.ErrorLines.Where(l => !LogLine().IsMatch(l)).ToArray();
        Assert.HasCount(1, errors, "one error line on stderr:\n" + outcome.StdErr);
        Assert.AreEqual(errors[0], outcome.ErrorLines[^1], outcome.StdErr);
        StringAssert.StartsWith(errors[0], "recsys: error: ");
        foreach (var culprit in culprits)
        {
            StringAssert.Contains(errors[0], culprit);
        }
    }

    /// <summary>A console log line: ISO 8601 UTC timestamp, then the level (ConsoleLogging).</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z (trce|dbug|info|warn|fail|crit): ")]
    private static partial Regex LogLine();
}
