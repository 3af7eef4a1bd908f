using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenQA.Selenium;

namespace RecsysBatch.Host.Tests;

/// <summary>The run report as an analyst opens it: a file:// page in headless Chromium, every chart drawn.</summary>
[TestClass]
public sealed partial class ReportBrowserTests
{
    /// <summary>The charts a nightly run on data/sample has (no rejected lines; its BG/NBD fit is degenerate, so no P(alive)).</summary>
    private static readonly string[] SampleCharts =
    [
        "events-by-day", "funnel", "models-factorize-mf", "models-rank-p-purchase", "models-rank-ranker", "models-interest-fasttree",
        "models-value-bgnbd", "calibration-rank", "calibration-rank-champion", "value-lift", "value-tiers", "influence-forest", "interest-drift",
    ];

    [TestMethod]
    public void Report_NightlyOnSample_EveryChartRendersInChromium()
    {
        using var temp = new TempFolder();
        var report = RunNightly(temp);
        var ids = FigureId().Matches(File.ReadAllText(report)).Select(m => m.Groups[1].Value).ToList();
        CollectionAssert.IsSubsetOf(SampleCharts, ids);

        using var driver = Browser.Start();
        driver.Navigate().GoToUrl(new Uri(report).AbsoluteUri);

        Assert.StartsWith("Run report: nightly ", driver.Title);
        Assert.HasCount(ids.Count, driver.FindElements(By.TagName("figure")));
        foreach (var id in ids)
        {
            var image = driver.FindElement(By.CssSelector($"figure#{id} img"));
            var natural = Convert.ToInt64(((IJavaScriptExecutor)driver).ExecuteScript("return arguments[0].complete ? arguments[0].naturalWidth : -1;", image), System.Globalization.CultureInfo.InvariantCulture);
            Assert.IsGreaterThan(0L, natural, $"{id}: the embedded SVG loaded and decoded");
            Assert.IsGreaterThan(100, image.Size.Width, id);
            Assert.IsGreaterThan(100, image.Size.Height, id);
            Assert.IsFalse(string.IsNullOrWhiteSpace(driver.FindElement(By.CssSelector($"figure#{id} figcaption")).Text), $"{id} has a caption");
        }
    }

    /// <summary>`recsys run pipelines/nightly.pipeline.json` on data/sample into the folder; the path of the report.html it wrote.</summary>
    private static string RunNightly(TempFolder temp)
    {
        var info = RecsysStartInfo.For(temp.Path, ["run", Path.Combine(RepoPaths.Root, "pipelines", "nightly.pipeline.json"), "--warehouse", "duckdb:" + temp.File("w.duckdb")]);
        info.Environment["RECSYS__ARTIFACTSPATH"] = temp.File("runs");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("recsys run did not finish in 5 minutes");
        }

        Assert.AreEqual(0, process.ExitCode, stderr.Result + stdout.Result);
        return Directory.GetFiles(temp.File("runs"), "report.html", SearchOption.AllDirectories).Single();
    }

    [GeneratedRegex("<figure id=\"([^\"]+)\"")]
    private static partial Regex FigureId();
}
