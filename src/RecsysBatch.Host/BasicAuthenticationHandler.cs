using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace RecsysBatch.Host;

/// <summary>
/// Who is asking: Basic credentials of a configured user when the request carries them (wrong ones fail, even locally),
/// else a local request is the built-in "local" admin when Recsys:Serve:Dashboard:AllowLocal is on; else anonymous.
/// Credentials are checked by <see cref="DashboardLogins"/> (cache, failed-login limit, PBKDF2); a client over the
/// limit is answered 429 with Retry-After instead of the 401 challenge.
/// Basic sends the password with every request: it is only safe behind TLS (README "Serve").
/// </summary>
internal sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<ServeOptions> serve,
    DashboardLogins logins)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Basic";
    public const string Challenge = "Basic realm=\"recsys\", charset=\"UTF-8\"";
    private static readonly object RetryAfterKey = new();

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(Authenticate(header["Basic ".Length..].Trim()));
        }

        if (serve.Value.Dashboard.AllowLocal && RequestOrigin.IsLocal(Context))
        {
            return Task.FromResult(Success("local", DashboardRoles.Admin));
        }

        return Task.FromResult(AuthenticateResult.NoResult());
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[RetryAfterKey] is TimeSpan wait)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers[HeaderNames.RetryAfter] = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = Challenge;
        return Task.CompletedTask;
    }

    private AuthenticateResult Authenticate(string encoded)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return AuthenticateResult.Fail("malformed Basic credentials");
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return AuthenticateResult.Fail("malformed Basic credentials");
        }

        var name = decoded[..colon];
        var address = FailedLoginLimiter.ClientKey(Context.Connection.RemoteIpAddress);
        var outcome = logins.Check(name, decoded[(colon + 1)..], address);
        switch (outcome.Status)
        {
            case LoginStatus.Succeeded:
                return Success(outcome.User!.Name, outcome.User.Role);
            case LoginStatus.Limited:
                Context.Items[RetryAfterKey] = outcome.RetryAfter;
                return AuthenticateResult.Fail("too many failed logins from this address");
            default:
                // Who tried and from where, never the password; the name is the client's text, so it is sanitised.
                var forwarded = Request.Headers["X-Forwarded-For"].ToString();
                HostLog.LoginFailed(Logger, LogText.Sanitize(name), address, forwarded.Length == 0 ? "-" : LogText.Sanitize(forwarded));
                if (outcome.ReachedLimit)
                {
                    HostLog.LoginsLimited(Logger, logins.Limiter.Max, address, (int)logins.Limiter.WindowLength.TotalSeconds);
                }

                return AuthenticateResult.Fail("unknown user or wrong password");
        }
    }

    private static AuthenticateResult Success(string name, string role)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
