using System.Diagnostics;

namespace RecsysBatch.Host.Tests;

/// <summary>`recsys hash-password` and the hash format the dashboard users are configured with.</summary>
[TestClass]
public sealed class HashPasswordCommandTests
{
    [TestMethod]
    public void HashPassword_PasswordOnStdin_PrintsHashThatVerifiesOnlyThatPassword()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(RepoPaths.RecsysDll);
        info.ArgumentList.Add("hash-password");
        using var process = Process.Start(info)!;
        process.StandardInput.WriteLine("correct horse battery staple");
        process.StandardInput.Close();
        var hash = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();

        Assert.AreEqual(0, process.ExitCode, process.StandardError.ReadToEnd());
        StringAssert.StartsWith(hash, "pbkdf2-sha256$210000$");
        Assert.IsTrue(PasswordHash.Verify("correct horse battery staple", hash));
        Assert.IsFalse(PasswordHash.Verify("correct horse battery stapler", hash));
    }

    [TestMethod]
    public void Create_SamePasswordTwice_UsesFreshSalt()
    {
        var first = PasswordHash.Create("pw", PasswordHash.MinIterations);
        var second = PasswordHash.Create("pw", PasswordHash.MinIterations);

        Assert.AreNotEqual(first, second);
        Assert.IsTrue(PasswordHash.Verify("pw", second));
        Assert.IsFalse(PasswordHash.IsWellFormed("pbkdf2-sha256$1000$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA=="), "fewer than 100k iterations is refused");
    }
}
