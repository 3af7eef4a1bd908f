using System.Net;

namespace RecsysBatch.Host.Tests;

/// <summary>
/// <see cref="DashboardLogins"/> in process, with a counting stand-in for PBKDF2: which logins hash the password,
/// which pass from the cache, and which are refused by the failed-login limit.
/// </summary>
[TestClass]
public sealed class DashboardLoginsTests
{
    private const string Client = "198.51.100.7";
    private readonly ManualClock clock = new();
    private int verifications;

    [TestMethod]
    public void Check_SameCredentialsTwice_VerifiesThePasswordOnce()
    {
        var logins = Create(out _);

        var first = logins.Check("ada", "pw", Client);
        var second = logins.Check("ada", "pw", Client);

        Assert.AreEqual(LoginStatus.Succeeded, first.Status);
        Assert.AreEqual(LoginStatus.Succeeded, second.Status);
        Assert.AreEqual(1, verifications, "the second request must come from the cache");
    }

    [TestMethod]
    public void Check_WrongPasswordAfterCachedSuccess_IsVerifiedAndFails()
    {
        var logins = Create(out _);
        logins.Check("ada", "pw", Client);

        Assert.AreEqual(LoginStatus.Failed, logins.Check("ada", "pw2", Client).Status);
        Assert.AreEqual(2, verifications);
    }

    [TestMethod]
    public void Check_AfterCacheLifetime_VerifiesAgain()
    {
        var logins = Create(out _);
        logins.Check("ada", "pw", Client);
        clock.Advance(DashboardLogins.CacheLifetime);

        Assert.AreEqual(LoginStatus.Succeeded, logins.Check("ada", "pw", Client).Status);
        Assert.AreEqual(2, verifications);
    }

    [TestMethod]
    public void Check_ConfiguredHashChanged_CachedPasswordNoLongerPasses()
    {
        var logins = Create(out var ada);
        logins.Check("ada", "pw", Client);
        ada.PasswordHash = "H:new-pw";

        Assert.AreEqual(LoginStatus.Failed, logins.Check("ada", "pw", Client).Status);
        Assert.AreEqual(LoginStatus.Succeeded, logins.Check("ada", "new-pw", Client).Status);
        Assert.AreEqual(3, verifications);
    }

    [TestMethod]
    public void Check_MaxPlusOneWrongPasswords_LastIsLimitedWithoutVerifying()
    {
        var logins = Create(out _, maxFailures: 3);
        var outcomes = Enumerable.Range(0, 3).Select(i => logins.Check("ada", "guess" + i, Client)).ToList();

        var fourth = logins.Check("ada", "pw", Client);

        CollectionAssert.AreEqual(new[] { LoginStatus.Failed, LoginStatus.Failed, LoginStatus.Failed }, outcomes.Select(o => o.Status).ToArray());
        Assert.AreEqual("False,False,True", string.Join(',', outcomes.Select(o => o.ReachedLimit)), "the third failure reaches the limit");
        Assert.AreEqual(LoginStatus.Limited, fourth.Status);
        Assert.AreEqual(TimeSpan.FromSeconds(60), fourth.RetryAfter);
        Assert.AreEqual(3, verifications, "a limited login must not run PBKDF2");
    }

    [TestMethod]
    public void Check_LimitedAddressAfterWindow_IsVerifiedAgain()
    {
        var logins = Create(out _, maxFailures: 1);
        logins.Check("ada", "guess", Client);
        clock.Advance(TimeSpan.FromSeconds(59));
        var during = logins.Check("ada", "pw", Client);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.AreEqual(LoginStatus.Limited, during.Status);
        Assert.AreEqual(TimeSpan.FromSeconds(1), during.RetryAfter);
        Assert.AreEqual(LoginStatus.Succeeded, logins.Check("ada", "pw", Client).Status);
    }

    [TestMethod]
    public void Check_LimitedAddress_OtherAddressesAndCachedUsersStillGetIn()
    {
        var logins = Create(out _, maxFailures: 1);
        logins.Check("ada", "pw", Client); // cached before someone behind the same address starts guessing
        logins.Check("ada", "guess", Client);

        Assert.AreEqual(LoginStatus.Succeeded, logins.Check("ada", "pw", Client).Status);
        Assert.AreEqual(LoginStatus.Limited, logins.Check("ada", "other-guess", Client).Status);
        Assert.AreEqual(LoginStatus.Failed, logins.Check("ada", "guess", "203.0.113.9").Status);
    }

    [TestMethod]
    public void ClientKey_Addresses_IPv4AsIsAndIPv6ByItsSlash64()
    {
        Assert.AreEqual("203.0.113.9", FailedLoginLimiter.ClientKey(IPAddress.Parse("::ffff:203.0.113.9")));
        Assert.AreEqual(
            FailedLoginLimiter.ClientKey(IPAddress.Parse("2001:db8:1:2::1")),
            FailedLoginLimiter.ClientKey(IPAddress.Parse("2001:db8:1:2:ffff::9")));
        Assert.AreNotEqual(
            FailedLoginLimiter.ClientKey(IPAddress.Parse("2001:db8:1:2::1")),
            FailedLoginLimiter.ClientKey(IPAddress.Parse("2001:db8:1:3::1")));
        Assert.AreEqual("unknown", FailedLoginLimiter.ClientKey(null));
    }

    [TestMethod]
    public void Sanitize_ControlCharactersAndLongNames_AreReplacedAndCut()
    {
        Assert.AreEqual("ada?forged line?x", LogText.Sanitize("ada\nforged line\u202Ex"));
        Assert.AreEqual(new string('a', LogText.MaxLength) + "…", LogText.Sanitize(new string('a', 10_000)));
        Assert.AreEqual("", LogText.Sanitize(null));
    }

    private DashboardLogins Create(out DashboardUser ada, int maxFailures = 10)
    {
        ada = new DashboardUser { Name = "ada", PasswordHash = "H:pw", Role = DashboardRoles.Admin };
        var access = new DashboardAccessOptions { Users = [ada], MaxFailedLogins = maxFailures, FailedLoginWindowSeconds = 60 };

        // Stands in for PasswordHash.Verify: counts the expensive calls a login makes.
        return new DashboardLogins(access, clock, (password, hash) =>
        {
            verifications++;
            return hash == "H:" + password;
        });
    }
}
