using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using RecsysBatch.Core;
using RecsysBatch.Reports;

namespace RecsysBatch.Jobs.Tests.Reports;

[TestClass]
public sealed partial class RunReportTests
{
    private static readonly string[] Sections = ["run", "data", "funnel", "models", "calibration", "value", "influence", "interest", "warnings"];

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task BuildAsync_PublishedRun_HasEverySectionAndItsChartsAsSvgImages()
    {
        using var temp = new TempFolder();
        var warehouse = await ReportWarehouse.CreateAsync(temp, Token);
        await ReportWarehouse.PublishAsync(warehouse, ReportWarehouse.Run("r1", "succeeded", 1, notes: "rank: <b>undecided</b> & more\nvalue skipped: no purchases"), Token);

        var page = await RunReport.BuildAsync(warehouse, "r1", Token);

        foreach (var section in Sections)
        {
            StringAssert.Contains(page.Html, $"<section id=\"{section}\">", section);
        }

        Assert.AreEqual("events-by-day,rejected-by-reason,models-rank-p-purchase,calibration-rank", string.Join(",", page.FigureIds));
        var images = FigureImage().Matches(page.Html);
        Assert.HasCount(page.FigureIds.Count, images, "one embedded image per figure");
        foreach (Match image in images)
        {
            var svg = XDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(image.Groups["data"].Value)));
            Assert.AreEqual("svg", svg.Root!.Name.LocalName, image.Groups["id"].Value);
            Assert.IsGreaterThan(10, svg.Descendants().Count(), "a drawn chart, not an empty picture");
        }

        StringAssert.Contains(page.Html, "1,000 events kept by ingest over 3 days");
        StringAssert.Contains(page.Html, "p_purchase: 500 rows");
        StringAssert.Contains(page.Html, "No behaviour funnel: the influence stage has never run on this warehouse.");
    }

    [TestMethod]
    public async Task BuildAsync_TextWithMarkup_IsEscapedAndThePageNeedsNoNetwork()
    {
        using var temp = new TempFolder();
        var warehouse = await ReportWarehouse.CreateAsync(temp, Token);
        await ReportWarehouse.PublishAsync(warehouse, ReportWarehouse.Run("r1", "succeeded", 1, notes: "rank: <b>undecided</b> & more"), Token);

        var html = (await RunReport.BuildAsync(warehouse, "r1", Token)).Html;

        StringAssert.Contains(html, "rank: &lt;b&gt;undecided&lt;/b&gt; &amp; more");
        StringAssert.Contains(html, "unknown event type &#x27;&lt;script&gt;&#x27;");
        Assert.DoesNotContain("<b>", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);
    }

    [TestMethod]
    public async Task BuildAsync_FailedRun_ShowsTheErrorAndSaysWhatWasNotPublished()
    {
        using var temp = new TempFolder();
        var warehouse = await ReportWarehouse.CreateAsync(temp, Token);
        var failed = ReportWarehouse.Run("bad", "failed", 1, error: "e.csv line 7: unparsable timestamp");
        await warehouse.RecordRunStartedAsync(failed with { Status = "running", FinishedAt = null, Error = null }, Token);
        await warehouse.RecordRunFailedAsync(failed, Token);

        var page = await RunReport.BuildAsync(warehouse, "bad", Token);

        Assert.IsEmpty(page.FigureIds);
        StringAssert.Contains(page.Html, "error: e.csv line 7: unparsable timestamp");
        StringAssert.Contains(page.Html, "6 lines were rejected, but their rows are not in rejected_events");
        StringAssert.Contains(page.Html, "not published (a failed run publishes nothing but its job_runs row)");
    }

    [TestMethod]
    public async Task NewestSucceededRunAsync_SeveralRuns_IsTheNewestSucceeded()
    {
        using var temp = new TempFolder();
        var warehouse = await ReportWarehouse.CreateAsync(temp, Token);
        await ReportWarehouse.PublishAsync(warehouse, ReportWarehouse.Run("old", "succeeded", 1), Token);
        var failed = ReportWarehouse.Run("newer-failed", "failed", 5, error: "boom");
        await warehouse.RecordRunStartedAsync(failed with { Status = "running" }, Token);
        await warehouse.RecordRunFailedAsync(failed, Token);

        Assert.AreEqual("old", await RunReport.NewestSucceededRunAsync(warehouse, null, Token));
        Assert.IsNull(await RunReport.NewestSucceededRunAsync(warehouse, "other", Token));
        var error = await Assert.ThrowsAsync<RecsysException>(() => RunReport.BuildAsync(warehouse, "nope", Token));
        StringAssert.Contains(error.Message, "no run nope in job_runs");
    }

    [GeneratedRegex("<figure id=\"(?<id>[^\"]+)\">\\s*<img alt=\"[^\"]*\" width=\"\\d+\" height=\"\\d+\" src=\"data:image/svg\\+xml;base64,(?<data>[A-Za-z0-9+/=]+)\">")]
    private static partial Regex FigureImage();
}
