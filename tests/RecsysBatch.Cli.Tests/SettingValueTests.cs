namespace RecsysBatch.Cli.Tests;

/// <summary>A setting whose value is not of its type is bad input: one line naming the setting, exit 2, no stack trace.</summary>
[TestClass]
public sealed class SettingValueTests
{
    [TestMethod]
    [DataRow("Recsys__MemoryLimitGb", "abc", "Recsys:MemoryLimitGb")]
    [DataRow("Recsys__Seed", "4x2", "Recsys:Seed")]
    public void A_setting_that_is_not_of_its_type_is_one_line_and_exit_two(string variable, string value, string setting)
    {
        using var temp = new TempFolder();
        var pipeline = PipelineFiles.Write(temp.Path, name: "small");
        var outcome = RecsysProcess.Run(temp.Path, new Dictionary<string, string> { [variable] = value }, "run", pipeline, "--warehouse", "duckdb:" + temp.File("w.duckdb"));

        Assert.AreEqual(2, outcome.ExitCode, outcome.StdErr);
        var lines = outcome.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.AreEqual(1, lines.Length, outcome.StdErr);
        StringAssert.StartsWith(lines[0], "recsys: error: appsettings.json or environment: Failed to convert configuration value");
        StringAssert.Contains(lines[0], $"'{value}' at '{setting}'");
    }
}
