using RecsysBatch.Core;
using RecsysBatch.Jobs.Scheduling;

namespace RecsysBatch.Jobs.Tests.Scheduling;

[TestClass]
public sealed class ScheduleLoaderTests
{
    private static readonly ScheduleLoader Loader = ScheduleFiles.Loader();

    [TestMethod]
    public void LoadFolder_RepositorySchedules_AreValidAndResolveTheirPipelines()
    {
        var schedules = Loader.LoadFolder(Path.Combine(RepoPaths.Root, "schedules"));

        var nightly = schedules.Single(s => s.Id == "nightly");
        Assert.AreEqual("pipelines/nightly.pipeline.json", nightly.Pipeline);
        Assert.AreEqual(Path.Combine(RepoPaths.Root, "pipelines", "nightly.pipeline.json"), nightly.PipelinePath);
        Assert.AreEqual("30 2 * * *", nightly.Cron);
        Assert.AreEqual("UTC", nightly.TimeZone);
        Assert.AreEqual("default", nightly.Queue);
        Assert.AreEqual(2, nightly.RetryAttempts);
        Assert.IsTrue(nightly.Enabled);
        Assert.AreEqual(Path.Combine(RepoPaths.Root, "schedules", "nightly.schedule.json"), nightly.FilePath);
        CollectionAssert.AreEqual(schedules.Select(s => s.Id).Order(StringComparer.Ordinal).ToList(), schedules.Select(s => s.Id).ToList());
    }

    [TestMethod]
    public void LoadFolder_SeveralFiles_SortedByIdWithHangfireCronForms()
    {
        using var temp = new TempFolder();
        var folder = ScheduleFiles.Layout(temp);
        ScheduleFiles.Write(folder, "a", ScheduleFiles.Json(id: "zeta", cron: "0 30 2 * * *"));
        ScheduleFiles.Write(folder, "b", ScheduleFiles.Json(id: "alpha", cron: "@daily", timeZone: "UTC", queue: "critical_2", retryAttempts: 0));
        ScheduleFiles.Write(folder, "c", ScheduleFiles.Json(id: "mid", cron: "*/15 1-5 * * MON-FRI", extra: "\"description\": \"weekday nights\""));
        File.WriteAllText(Path.Combine(folder, "README.md"), "not a schedule");

        var schedules = Loader.LoadFolder(folder);

        Assert.AreEqual("alpha,mid,zeta", string.Join(",", schedules.Select(s => s.Id)));
        Assert.AreEqual("critical_2", schedules[0].Queue);
        Assert.AreEqual(temp.File(Path.Combine("pipelines", "small.pipeline.json")), schedules[2].PipelinePath);
    }

    [TestMethod]
    public void LoadFolder_MissingFolder_NamesIt()
    {
        using var temp = new TempFolder();
        var message = Refused(temp.File("nowhere"));
        StringAssert.Contains(message, "nowhere");
        StringAssert.Contains(message, "not found");
    }

    [TestMethod]
    public void LoadFolder_UnknownPipeline_NamesTheFileAndThePathTried()
    {
        using var temp = new TempFolder();
        var folder = ScheduleFiles.Layout(temp);
        ScheduleFiles.Write(folder, "bad", ScheduleFiles.Json(pipeline: "pipelines/missing.pipeline.json"));

        var message = Refused(folder);

        StringAssert.Contains(message, "bad.schedule.json");
        StringAssert.Contains(message, "'pipelines/missing.pipeline.json' not found");
        StringAssert.Contains(message, temp.File(Path.Combine("pipelines", "missing.pipeline.json")));
    }

    [TestMethod]
    public void LoadFolder_InvalidPipelineFile_NamesTheFileAndThePipelineProblem()
    {
        using var temp = new TempFolder();
        var folder = ScheduleFiles.Layout(temp);
        File.WriteAllText(temp.File(Path.Combine("pipelines", "odd.pipeline.json")), """{ "name": "odd", "stages": [ { "name": "teleport" } ] }""");
        ScheduleFiles.Write(folder, "bad", ScheduleFiles.Json(pipeline: "pipelines/odd.pipeline.json"));

        var message = Refused(folder);

        StringAssert.Contains(message, "bad.schedule.json");
        StringAssert.Contains(message, "pipelines/odd.pipeline.json");
        StringAssert.Contains(message, "unknown stage 'teleport'");
    }

    [TestMethod]
    [DataRow("61 2 * * *")]
    [DataRow("2 * * *")]
    [DataRow("0 0 30 2 * * *")]
    [DataRow("@fortnightly")]
    public void LoadFolder_InvalidCron_NamesTheFileAndTheCron(string cron)
    {
        using var temp = new TempFolder();
        var folder = ScheduleFiles.Layout(temp);
        ScheduleFiles.Write(folder, "bad", ScheduleFiles.Json(cron: cron));

        var message = Refused(folder);

        StringAssert.Contains(message, "bad.schedule.json: $.cron: '" + cron + "'");
    }

    [TestMethod]
    public void LoadFolder_UnknownTimeZone_NamesTheFileAndTheZone()
    {
        using var temp = new TempFolder();
        var folder = ScheduleFiles.Layout(temp);
        ScheduleFiles.Write(folder, "bad", ScheduleFiles.Json(timeZone: "Mars/Olympus_Mons"));

        var message = Refused(folder);

        StringAssert.Contains(message, "bad.schedule.json: $.timeZone: unknown time zone 'Mars/Olympus_Mons'");
    }

    [TestMethod]
    public void LoadFolder_DuplicateId_NamesBothFiles()
    {
        using var temp = new TempFolder();
        var folder = ScheduleFiles.Layout(temp);
        ScheduleFiles.Write(folder, "first", ScheduleFiles.Json(id: "twice"));
        ScheduleFiles.Write(folder, "second", ScheduleFiles.Json(id: "twice", cron: "0 4 * * *"));

        var message = Refused(folder);

        StringAssert.Contains(message, "duplicate id 'twice'");
        StringAssert.Contains(message, "first.schedule.json");
        StringAssert.Contains(message, "second.schedule.json");
    }

    [TestMethod]
    public void LoadFolder_MissingField_NamesTheFileAndTheField()
    {
        using var temp = new TempFolder();
        var folder = ScheduleFiles.Layout(temp);
        ScheduleFiles.Write(folder, "bad", ScheduleFiles.Json(timeZone: null));

        var message = Refused(folder);

        StringAssert.Contains(message, "bad.schedule.json");
        StringAssert.Contains(message, "required property 'timeZone' is missing");
    }

    [TestMethod]
    public void LoadFolder_UnknownField_NamesTheFileAndTheField()
    {
        using var temp = new TempFolder();
        var folder = ScheduleFiles.Layout(temp);
        ScheduleFiles.Write(folder, "bad", ScheduleFiles.Json(extra: "\"colour\": \"blue\""));

        var message = Refused(folder);

        StringAssert.Contains(message, "bad.schedule.json");
        StringAssert.Contains(message, "unknown property 'colour'");
    }

    [TestMethod]
    [DataRow("\"id\": \"small\"", "\"id\": \"Small Job\"", "$.id")]
    [DataRow("\"queue\": \"default\"", "\"queue\": \"High-Priority\"", "$.queue")]
    public void LoadFolder_PatternViolation_NamesTheField(string field, string replacement, string path)
    {
        using var temp = new TempFolder();
        var folder = ScheduleFiles.Layout(temp);
        ScheduleFiles.Write(folder, "bad", ScheduleFiles.Json().Replace(field, replacement, StringComparison.Ordinal));

        var message = Refused(folder);

        StringAssert.Contains(message, $"bad.schedule.json: {path}: value does not match");
    }

    [TestMethod]
    [DataRow(11, "above the maximum 10")]
    [DataRow(-1, "below the minimum 0")]
    public void LoadFolder_RetryAttemptsOutOfRange_NamesTheField(int retries, string reason)
    {
        using var temp = new TempFolder();
        var folder = ScheduleFiles.Layout(temp);
        ScheduleFiles.Write(folder, "bad", ScheduleFiles.Json(retryAttempts: retries));

        var message = Refused(folder);

        StringAssert.Contains(message, $"bad.schedule.json: $.retryAttempts: value is {reason}");
    }

    [TestMethod]
    public void LoadFolder_BadJson_NamesTheFileAndTheLine()
    {
        using var temp = new TempFolder();
        var folder = ScheduleFiles.Layout(temp);
        ScheduleFiles.Write(folder, "bad", "{\n  \"id\": \"x\",\n  \"pipeline\" \"pipelines/small.pipeline.json\"\n}\n");

        var message = Refused(folder);

        StringAssert.Contains(message, "bad.schedule.json: not valid JSON (line 3");
    }

    [TestMethod]
    public void NextOccurrence_BerlinAcrossSpringForward_KeepsLocalTimeAndShiftsUtc()
    {
        var s = new ScheduleDefinition("n", "p", "/p", "30 2 * * *", "Europe/Berlin", "default", 0, true, "/f");

        var before = ScheduleLoader.NextOccurrence(s, new DateTimeOffset(2026, 3, 27, 12, 0, 0, TimeSpan.Zero))!.Value;
        var gap = ScheduleLoader.NextOccurrence(s, before)!.Value;
        var nextDay = ScheduleLoader.NextOccurrence(s, gap)!.Value;
        var after = ScheduleLoader.NextOccurrence(s, nextDay)!.Value;

        // 2026-03-28 02:30 CET; 2026-03-29 02:30 does not exist (02:00 -> 03:00), so it fires at the end of the gap.
        Assert.AreEqual(new DateTimeOffset(2026, 3, 28, 2, 30, 0, TimeSpan.FromHours(1)), before);
        Assert.AreEqual(TimeSpan.FromHours(1), before.Offset);
        Assert.AreEqual(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), gap.ToUniversalTime());
        Assert.AreEqual(new DateTimeOffset(2026, 3, 30, 2, 30, 0, TimeSpan.FromHours(2)), nextDay);
        Assert.AreEqual(TimeSpan.FromHours(2), nextDay.Offset);
        Assert.AreEqual(new DateTimeOffset(2026, 3, 31, 0, 30, 0, TimeSpan.Zero), after.ToUniversalTime());
    }

    [TestMethod]
    public void NextOccurrence_SixFieldCronInUtc_HasSeconds()
    {
        var s = new ScheduleDefinition("n", "p", "/p", "15 30 2 * * *", "UTC", "default", 0, true, "/f");

        var next = ScheduleLoader.NextOccurrence(s, new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero));

        Assert.AreEqual(new DateTimeOffset(2026, 12, 2, 2, 30, 15, TimeSpan.Zero), next);
    }

    private static string Refused(string folder)
    {
        var ex = Assert.ThrowsExactly<RecsysException>(() => Loader.LoadFolder(folder));
        Assert.IsFalse(ex.Message.Contains('\n', StringComparison.Ordinal), ex.Message);
        return ex.Message;
    }
}
