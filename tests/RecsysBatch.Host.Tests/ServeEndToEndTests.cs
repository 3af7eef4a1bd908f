using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace RecsysBatch.Host.Tests;

/// <summary>
/// One `recsys serve` (in-memory storage, one worker, local access opted in) for the class: runs triggered over HTTP
/// land in the warehouse, the dashboard shows them to a real browser, and remote callers need the right credentials.
/// </summary>
[TestClass]
public sealed partial class ServeEndToEndTests
{
    private const string AsOf = "2026-10-05";
    private const string AdminPassword = "admin-pw-ümlaut";
    private const string ViewerPassword = "viewer-pw";

    private static ServeSite site = null!;
    private static ServeProcess serve = null!;
    private static HttpClient http = null!;
    private static Lazy<Task<string>> firstRun = null!;

    [ClassInitialize]
    public static void StartServer(TestContext context)
    {
        site = new ServeSite();
        site.Environment["Recsys__Serve__WorkerCount"] = "1";
        site.AllowLocal();
        site.AddUser(0, "ada", AdminPassword, "admin");
        site.AddUser(1, "vic", ViewerPassword, "viewer");
        serve = site.Start();
        http = new HttpClient { BaseAddress = new Uri(site.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Recsys-Admin", "test");
        firstRun = new Lazy<Task<string>>(() => TriggerAndWaitAsync(AsOf, credentials: null));
    }

    [ClassCleanup]
    public static void StopServer()
    {
        http?.Dispose();
        serve?.Dispose();
        site?.Dispose();
    }

    [TestMethod]
    public async Task AdminRuns_LocalRequest_RunSucceedsInWarehouse()
    {
        var jobId = await firstRun.Value;

        Assert.IsFalse(string.IsNullOrEmpty(jobId));
        Assert.AreEqual(1L, WarehouseReader.TryScalar(site.WarehousePath, $"SELECT count(*) FROM job_runs WHERE pipeline = 'small' AND status = 'succeeded' AND snapshot_date = DATE '{AsOf}'"));
        StringAssert.Contains(serve.StdErr, $"recurring jobs added [{ServeSite.ScheduleId}]");
    }

    [TestMethod]
    public async Task Dashboard_LoopbackWithoutCredentialsAndAllowLocal_IsAdmin()
    {
        using var page = await http.GetAsync(new Uri("/hangfire/recurring", UriKind.Relative));

        Assert.AreEqual(HttpStatusCode.OK, page.StatusCode);
        StringAssert.Contains(await page.Content.ReadAsStringAsync(), "recurring/trigger", "a local request with AllowLocal=true is an admin");
    }

    [TestMethod]
    public async Task AdminRuns_BadRequests_AnswerNotFoundAndBadRequest()
    {
        using var unknown = await http.PostAsync(new Uri("/admin/runs?schedule=no-such", UriKind.Relative), null);
        using var badDate = await http.PostAsync(new Uri($"/admin/runs?schedule={ServeSite.ScheduleId}&asOf=2026-02-30", UriKind.Relative), null);
        using var badRange = await http.PostAsync(new Uri($"/admin/backfill?schedule={ServeSite.ScheduleId}&from=2026-10-05&to=2026-10-01", UriKind.Relative), null);
        var future = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var futureRun = await http.PostAsync(new Uri($"/admin/runs?schedule={ServeSite.ScheduleId}&asOf={future}", UriKind.Relative), null);
        using var futureBackfill = await http.PostAsync(new Uri($"/admin/backfill?schedule={ServeSite.ScheduleId}&from=2026-10-05&to={future}", UriKind.Relative), null);

        Assert.AreEqual(HttpStatusCode.NotFound, unknown.StatusCode);
        StringAssert.Contains(await unknown.Content.ReadAsStringAsync(), "unknown schedule 'no-such'");
        Assert.AreEqual(HttpStatusCode.BadRequest, badDate.StatusCode);
        StringAssert.Contains(await badDate.Content.ReadAsStringAsync(), "2026-02-30");
        Assert.AreEqual(HttpStatusCode.BadRequest, badRange.StatusCode);
        Assert.AreEqual(HttpStatusCode.BadRequest, futureRun.StatusCode, "a future snapshot is refused before a job is enqueued");
        StringAssert.Contains(await futureRun.Content.ReadAsStringAsync(), "is in the future");
        Assert.AreEqual(HttpStatusCode.BadRequest, futureBackfill.StatusCode);
    }

    [TestMethod]
    public async Task CrossSitePosts_WithoutTheAdminHeaderOrTheDashboardToken_AreRefused()
    {
        // What a page on another site can make a browser send: a plain form POST, no custom header, no token.
        using var plain = new HttpClient { BaseAddress = new Uri(site.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        using var admin = await plain.PostAsync(new Uri($"/admin/runs?schedule={ServeSite.ScheduleId}", UriKind.Relative), null);
        using var form = new FormUrlEncodedContent([new("jobs[]", ServeSite.ScheduleId)]);
        using var dashboard = await plain.PostAsync(new Uri("/hangfire/recurring/trigger", UriKind.Relative), form);

        Assert.AreEqual(HttpStatusCode.Forbidden, admin.StatusCode);
        StringAssert.Contains(await admin.Content.ReadAsStringAsync(), "X-Recsys-Admin");
        Assert.IsFalse(dashboard.IsSuccessStatusCode, $"the dashboard accepted a POST without its antiforgery token ({dashboard.StatusCode})");
    }

    [TestMethod]
    public async Task Dashboard_ForwardedRequestWithoutCredentials_Is401WithBasicChallenge()
    {
        using var request = Forwarded(HttpMethod.Get, "/hangfire", credentials: null);
        using var response = await http.SendAsync(request);
        using var wrong = await http.SendAsync(Forwarded(HttpMethod.Get, "/hangfire", ("vic", "not-the-password")));

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.AreEqual("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
        StringAssert.Contains(response.Headers.WwwAuthenticate.Single().Parameter, "realm=\"recsys\"");
        Assert.AreEqual(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [TestMethod]
    public async Task Dashboard_Viewer_SeesReadOnlyDashboardAndIsForbiddenToTrigger()
    {
        using var page = await http.SendAsync(Forwarded(HttpMethod.Get, "/hangfire/recurring", ("vic", ViewerPassword)));
        using var adminPage = await http.SendAsync(Forwarded(HttpMethod.Get, "/hangfire/recurring", ("ada", AdminPassword)));
        using var trigger = await http.SendAsync(Forwarded(HttpMethod.Post, $"/admin/runs?schedule={ServeSite.ScheduleId}", ("vic", ViewerPassword)));

        Assert.AreEqual(HttpStatusCode.OK, page.StatusCode);
        var viewerHtml = await page.Content.ReadAsStringAsync();
        StringAssert.Contains(viewerHtml, ServeSite.ScheduleId);
        Assert.DoesNotContain("recurring/trigger", viewerHtml, "a viewer's dashboard must not offer 'Trigger now'");
        StringAssert.Contains(await adminPage.Content.ReadAsStringAsync(), "recurring/trigger");
        Assert.AreEqual(HttpStatusCode.Forbidden, trigger.StatusCode);
    }

    [TestMethod]
    public async Task AdminRuns_RemoteAdmin_TriggersRunThatSucceeds()
    {
        await firstRun.Value; // one worker: runs one after the other, never racing on the warehouse file

        var jobId = await TriggerAndWaitAsync("2026-10-06", ("ada", AdminPassword));

        Assert.IsFalse(string.IsNullOrEmpty(jobId));
    }

    [TestMethod]
    public async Task Dashboard_HeadlessChromium_ShowsScheduleAndSucceededRun()
    {
        var jobId = await firstRun.Value;
        using var driver = Browser.Start();

        driver.Navigate().GoToUrl(site.BaseUrl + "/hangfire/recurring");
        StringAssert.Contains(driver.PageSource, ServeSite.ScheduleId, "the recurring jobs page lists the schedule");

        var found = false;
        for (var attempt = 0; attempt < 20 && !found; attempt++)
        {
            driver.Navigate().GoToUrl(site.BaseUrl + "/hangfire/jobs/succeeded");
            found = driver.PageSource.Contains($"jobs/details/{jobId}", StringComparison.Ordinal);
            if (!found)
            {
                await Task.Delay(500);
            }
        }

        Assert.IsTrue(found, $"job {jobId} is not on the succeeded page:\n{driver.PageSource}");
    }

    [TestMethod]
    public async Task Dashboard_JobPage_ShowsTheStepsProgress()
    {
        await firstRun.Value;
        using var list = await http.GetAsync(new Uri("/hangfire/jobs/succeeded", UriKind.Relative));
        var ids = JobLink().Matches(await list.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.IsNotEmpty(ids, "the succeeded page lists the run's jobs");

        var pages = new List<string>();
        foreach (var id in ids)
        {
            using var page = await http.GetAsync(new Uri($"/hangfire/jobs/details/{id}", UriKind.Relative));
            Assert.AreEqual(HttpStatusCode.OK, page.StatusCode);
            pages.Add(await page.Content.ReadAsStringAsync());
        }

        var publish = pages.Where(p => p.Contains("<strong>publish</strong>", StringComparison.Ordinal)).ToList();
        Assert.IsNotEmpty(publish, "the publish job's page shows its progress");
        StringAssert.Contains(publish[0], "class=\"recsys-progress\"");
        StringAssert.Contains(publish[0], "style=\"width: 100%\"", "a finished step is at 100 %");
        StringAssert.Contains(publish[0], ": committing ", "with its last detail (the rows it wrote)");
        Assert.IsTrue(pages.Any(p => p.Contains("<strong>ingest</strong>", StringComparison.Ordinal)), "stage jobs show theirs too");
        Assert.IsTrue(pages.Any(p => !p.Contains("recsys-progress", StringComparison.Ordinal)), "the run's start job has no progress block");
    }

    private static async Task<string> TriggerAndWaitAsync(string asOf, (string Name, string Password)? credentials)
    {
        using var request = credentials is null
            ? new HttpRequestMessage(HttpMethod.Post, $"/admin/runs?schedule={ServeSite.ScheduleId}&asOf={asOf}")
            : Forwarded(HttpMethod.Post, $"/admin/runs?schedule={ServeSite.ScheduleId}&asOf={asOf}", credentials);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body);
        using var json = JsonDocument.Parse(body);
        var jobId = json.RootElement.GetProperty("jobId").GetString()!;

        var sql = $"SELECT count(*) FROM job_runs WHERE pipeline = 'small' AND status = 'succeeded' AND snapshot_date = DATE '{asOf}'";
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (WarehouseReader.TryScalar(site.WarehousePath, sql) is not > 0)
        {
            Assert.IsLessThan(deadline, DateTime.UtcNow, $"run of job {jobId} as of {asOf} did not succeed in 2 minutes.\n{serve.StdOut}\n{serve.StdErr}");
            Assert.IsFalse(serve.HasExited, "recsys serve exited:\n" + serve.StdErr);
            await Task.Delay(300);
        }

        return jobId;
    }

    private static HttpRequestMessage Forwarded(HttpMethod method, string path, (string Name, string Password)? credentials)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        if (credentials is { } c)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{c.Name}:{c.Password}")));
        }

        return request;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"jobs/details/([0-9A-Za-z-]+)")]
    private static partial System.Text.RegularExpressions.Regex JobLink();
}
