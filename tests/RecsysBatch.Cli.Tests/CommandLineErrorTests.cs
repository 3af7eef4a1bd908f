namespace RecsysBatch.Cli.Tests;

/// <summary>
/// Every argument-parser error is exit 2 with one `recsys: error:` line naming the problem and the help to read,
/// and nothing on stdout: a nightly script must tell a typo from a failed run (exit 1).
/// </summary>
[TestClass]
public sealed class CommandLineErrorTests
{
    [TestMethod]
    [DataRow("runn pipelines/nightly.pipeline.json", "unknown command or argument 'runn'", "'recsys --help'")]
    [DataRow("run pipelines/nightly.pipeline.json --bogus", "unknown option '--bogus'", "'recsys run --help'")]
    [DataRow("run --as-off 2026-10-01 pipelines/nightly.pipeline.json", "unknown option '--as-off'", "'recsys run --help'")]
    [DataRow("run", "Required argument missing", "'recsys run --help'")]
    [DataRow("run pipelines/nightly.pipeline.json --as-of", "'--as-of'", "'recsys run --help'")]
    [DataRow("sample --out x --users many", "Cannot parse argument 'many'", "'recsys sample --help'")]
    [DataRow("schedules lst", "unknown command or argument 'lst'", "'recsys schedules --help'")]
    [DataRow("", "Required command was not provided", "'recsys --help'")]
    public void Parse_BadCommandLine_ExitsTwoWithOneErrorLine(string commandLine, string problem, string hint)
    {
        using var temp = new TempFolder();
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        var outcome = RecsysProcess.Run(temp.Path, args);

        Assert.AreEqual(2, outcome.ExitCode, outcome.StdErr);
        Assert.AreEqual("", outcome.StdOut, "help text on stdout would hide the error in a log");
        var lines = outcome.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(1, lines, outcome.StdErr);
        StringAssert.StartsWith(lines[0], "recsys: error: ");
        StringAssert.Contains(lines[0], problem);
        StringAssert.Contains(lines[0], hint);
    }

    [TestMethod]
    public void Parse_Help_ExitsZeroWithHelpOnStdout()
    {
        using var temp = new TempFolder();

        var outcome = RecsysProcess.Run(temp.Path, "run", "--help");

        Assert.AreEqual(0, outcome.ExitCode, outcome.StdErr);
        StringAssert.Contains(outcome.StdOut, "--as-of");
        Assert.AreEqual("", outcome.StdErr);
    }

    [TestMethod]
    public void Sample_UnwritableOut_ExitsTwoNamingTheOption()
    {
        using var temp = new TempFolder();

        var outcome = RecsysProcess.Run(temp.Path, "sample", "--out", "/dev/null/sample", "--users", "50", "--items", "100", "--days", "3");

        Assert.AreEqual(2, outcome.ExitCode, outcome.StdErr);
        StringAssert.StartsWith(outcome.LastErrorLine, "recsys: error: --out /dev/null/sample: cannot write the sample there");
    }
}
