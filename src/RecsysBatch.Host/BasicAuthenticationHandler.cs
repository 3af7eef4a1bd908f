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
/// Basic sends the password with every request: it is only safe behind TLS (README "Serve").
/// </summary>
internal sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<ServeOptions> serve)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Basic";
    public const string Challenge = "Basic realm=\"recsys\", charset=\"UTF-8\"";

    // Unknown names cost the same PBKDF2 work as known ones, so timing does not tell which names exist.
    private static readonly string DecoyHash = PasswordHash.Create(Guid.NewGuid().ToString());

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var access = serve.Value.Dashboard;
        string header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(Authenticate(access, header["Basic ".Length..].Trim()));
        }

        if (access.AllowLocal && RequestOrigin.IsLocal(Context))
        {
            return Task.FromResult(Success("local", DashboardRoles.Admin));
        }

        return Task.FromResult(AuthenticateResult.NoResult());
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = Challenge;
        return Task.CompletedTask;
    }

    private static AuthenticateResult Authenticate(DashboardAccessOptions access, string encoded)
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
        var password = decoded[(colon + 1)..];
        var user = access.Users.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.Ordinal));
        var matches = PasswordHash.Verify(password, user?.PasswordHash ?? DecoyHash);
        return user is not null && matches
            ? Success(user.Name, user.Role)
            : AuthenticateResult.Fail("unknown user or wrong password");
    }

    private static AuthenticateResult Success(string name, string role)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
