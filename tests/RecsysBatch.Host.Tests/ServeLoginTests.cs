using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace RecsysBatch.Host.Tests;

/// <summary>
/// One `recsys serve` with default access settings (no local access) and one admin: who gets 401, 405 or 429, and
/// what a failed login leaves in the log. Tests that fail logins come from their own loopback address, since the
/// failed-login limit (3 here) counts per client address.
/// </summary>
[TestClass]
public sealed class ServeLoginTests
{
    private const string Password = "s3cret-admin-pw";
    private static ServeSite site = null!;
    private static ServeProcess serve = null!;

    [ClassInitialize]
    public static void StartServer(TestContext context)
    {
        site = new ServeSite();
        site.AddUser(0, "ada", Password, "admin");
        site.Environment["Recsys__Serve__Dashboard__MaxFailedLogins"] = "3";
        serve = site.Start();
    }

    [ClassCleanup]
    public static void StopServer()
    {
        serve?.Dispose();
        site?.Dispose();
    }

    [TestMethod]
    public async Task Dashboard_LoopbackWithoutCredentialsByDefault_Is401()
    {
        using var http = LoopbackClient.From("127.0.0.1", site.BaseUrl);
        using var dashboard = await http.GetAsync(new Uri("/hangfire", UriKind.Relative));
        using var trigger = await http.SendAsync(Request(HttpMethod.Post, $"/admin/runs?schedule={ServeSite.ScheduleId}", credentials: null));

        Assert.AreEqual(HttpStatusCode.Unauthorized, dashboard.StatusCode, "a loopback request is not an admin unless AllowLocal is set");
        Assert.AreEqual("Basic", dashboard.Headers.WwwAuthenticate.Single().Scheme);
        Assert.AreEqual(HttpStatusCode.Unauthorized, trigger.StatusCode);
    }

    [TestMethod]
    public async Task Admin_AnonymousRequestOfAnyMethodOrPath_Is401WithChallenge()
    {
        using var http = LoopbackClient.From("127.0.0.1", site.BaseUrl);
        (HttpMethod Method, string Path)[] requests =
            [(HttpMethod.Get, "/admin/runs"), (HttpMethod.Delete, "/admin/runs"), (HttpMethod.Put, "/admin/backfill"), (HttpMethod.Get, "/admin/nothing-here"), (HttpMethod.Get, "/admin")];

        foreach (var (method, path) in requests)
        {
            using var response = await http.SendAsync(Request(method, path, credentials: null));

            Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode, $"{method} {path}");
            Assert.AreEqual("Basic", response.Headers.WwwAuthenticate.Single().Scheme, $"{method} {path}");
        }
    }

    [TestMethod]
    public async Task Admin_AdminWithWrongMethod_Is405WithAllowPost()
    {
        using var http = LoopbackClient.From("127.0.0.1", site.BaseUrl);
        using var get = await http.SendAsync(Request(HttpMethod.Get, "/admin/runs", ("ada", Password)));
        using var unknown = await http.SendAsync(Request(HttpMethod.Get, "/admin/nothing-here", ("ada", Password)));

        Assert.AreEqual(HttpStatusCode.MethodNotAllowed, get.StatusCode, await get.Content.ReadAsStringAsync());
        Assert.AreEqual("POST", string.Join(',', get.Content.Headers.Allow));
        Assert.AreEqual(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [TestMethod]
    public async Task Login_WrongPassword_LogsUserAndAddressButNotPassword()
    {
        using var http = LoopbackClient.From("127.0.0.3", site.BaseUrl);
        using var response = await http.SendAsync(Request(HttpMethod.Get, "/hangfire", ("ada\u001b[2Jevil", "wrong-pw-d41d8c")));

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        var line = await LogLineAsync("Dashboard login failed");
        StringAssert.Contains(line, "user 'ada?[2Jevil'", "the user name, its control character replaced");
        StringAssert.Contains(line, "from 127.0.0.3");
        Assert.DoesNotContain("wrong-pw-d41d8c", serve.StdOut + serve.StdErr, "the password must never be logged");
    }

    [TestMethod]
    public async Task Login_FailuresBeyondLimitFromOneAddress_Answer429WithRetryAfter()
    {
        using var http = LoopbackClient.From("127.0.0.2", site.BaseUrl);
        for (var i = 0; i < 3; i++)
        {
            using var failed = await http.SendAsync(Request(HttpMethod.Get, "/hangfire", ("ada", "guess-" + i)));
            Assert.AreEqual(HttpStatusCode.Unauthorized, failed.StatusCode, $"failure {i + 1} of 3");
        }

        using var limited = await http.SendAsync(Request(HttpMethod.Get, "/hangfire", ("ada", "guess-3")));
        using var elsewhere = LoopbackClient.From("127.0.0.4", site.BaseUrl);
        using var other = await elsewhere.SendAsync(Request(HttpMethod.Get, "/hangfire", ("ada", Password)));

        Assert.AreEqual(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.IsNotNull(limited.Headers.RetryAfter?.Delta);
        Assert.IsGreaterThan(TimeSpan.Zero, limited.Headers.RetryAfter.Delta.Value);
        Assert.AreEqual(HttpStatusCode.OK, other.StatusCode, "another address is not limited");
        StringAssert.Contains(await LogLineAsync("failed dashboard logins from 127.0.0.2"), "429");
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, (string Name, string Password)? credentials)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Recsys-Admin", "test");
        if (credentials is { } c)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{c.Name}:{c.Password}")));
        }

        return request;
    }

    /// <summary>The server's first log line containing <paramref name="text"/>; the console logger writes asynchronously.</summary>
    private static async Task<string> LogLineAsync(string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var line = serve.StdErr.Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            Assert.IsLessThan(deadline, DateTime.UtcNow, $"no log line with '{text}':\n{serve.StdErr}");
            await Task.Delay(100);
        }
    }
}
