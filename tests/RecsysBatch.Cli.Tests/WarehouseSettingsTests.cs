namespace RecsysBatch.Cli.Tests;

/// <summary>Bad warehouse settings are bad arguments: one line naming the setting, exit 2, no stack trace.</summary>
[TestClass]
public sealed class WarehouseSettingsTests
{
    private const string Setting = "Recsys:Warehouse / --warehouse";

    [TestMethod]
    public void Run_PostgresSchemaOver63Bytes_ExitsWithInvalidInputNamingTheSetting()
    {
        using var temp = new TempFolder();

        var outcome = Run(temp, "postgres:Host=localhost;Database=x;Schema=" + new string('s', 64));

        AssertOneLineInvalid(outcome, "63 bytes");
    }

    [TestMethod]
    public void Run_PostgresEmptySchema_ExitsWithInvalidInputNamingTheSetting()
    {
        using var temp = new TempFolder();

        var outcome = Run(temp, "postgres:Host=localhost;Database=x;Schema=");

        AssertOneLineInvalid(outcome, "empty Schema");
    }

    [TestMethod]
    public void Run_PostgresWithoutHost_ExitsWithInvalidInputNamingTheSetting()
    {
        using var temp = new TempFolder();

        var outcome = Run(temp, "postgres:;Schema=x");

        AssertOneLineInvalid(outcome, "names no Host");
    }

    [TestMethod]
    public void Run_DuckDbPathWithSemicolon_TakesItAsPartOfTheFileName()
    {
        using var temp = new TempFolder();
        var path = temp.File("w;ACCESS_MODE=READ_ONLY.duckdb");
        var events = temp.File("e.csv");
        File.WriteAllLines(events, ["user_id,item_id,category_id,event_type,ts,value", "u1,i1,c1,view,2026-10-01T10:00:00Z,", "u2,i1,c1,view,2026-10-02T10:00:00Z,"]);

        var outcome = RecsysProcess.Run(temp.Path, "run", PipelineFiles.Write(temp.Path), "--source", "canonical:" + events, "--warehouse", "duckdb:" + path);

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr);
        Assert.IsTrue(File.Exists(path), "the ';' and what follows it are the file's name, not a connection option");
        Assert.AreEqual(1L, WarehouseReader.Scalar(path, "SELECT count(*) FROM job_runs WHERE status = 'succeeded'"));
    }

    [TestMethod]
    public void Run_DuckDbFileThatIsNotADatabase_ExitsWithInvalidInputNamingTheSetting()
    {
        using var temp = new TempFolder();
        var path = temp.File("notes.txt");
        File.WriteAllText(path, "this is not a DuckDB database, just some text that is long enough to have a header\n");

        AssertOneLineInvalid(Run(temp, "duckdb:" + path), "notes.txt");
    }

    [TestMethod]
    public void Run_DuckDbPathIsAFolder_ExitsWithInvalidInputNamingTheSetting()
    {
        using var temp = new TempFolder();

        AssertOneLineInvalid(Run(temp, "duckdb:" + temp.Path), "is a folder");
    }

    [TestMethod]
    public void Run_DuckDbPathUnderAFile_ExitsWithInvalidInputNamingTheSetting()
    {
        using var temp = new TempFolder();
        var file = temp.File("plain.txt");
        File.WriteAllText(file, "x");

        AssertOneLineInvalid(Run(temp, "duckdb:" + Path.Combine(file, "sub", "w.duckdb")), "cannot create its folder");
    }

    private static RecsysProcess.Outcome Run(TempFolder temp, string warehouse) =>
        RecsysProcess.Run(temp.Path, "run", PipelineFiles.Write(temp.Path), "--source", "canonical:" + temp.File("none.csv"), "--warehouse", warehouse);

    private static void AssertOneLineInvalid(RecsysProcess.Outcome outcome, string detail)
    {
        Assert.AreEqual(2, outcome.ExitCode, outcome.StdErr);
        Assert.AreEqual(1, outcome.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, outcome.StdErr);
        StringAssert.Contains(outcome.LastErrorLine, Setting);
        StringAssert.Contains(outcome.LastErrorLine, detail);
    }
}
