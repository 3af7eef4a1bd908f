using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RecsysBatch.Host.Tests;

/// <summary>`recsys hash-password` and the hash format the dashboard users are configured with.</summary>
[TestClass]
public sealed partial class HashPasswordCommandTests
{
    // Made by `recsys hash-password` when 210,000 was the count: such hashes sit in deployed configurations.
    private const string Stored210000Hash = "pbkdf2-sha256$210000$ebPDAw3JI4HthYbkQWWfhg==$zXg7ALCDlvzqvAggLGIXMh4zg4ARg5g7YuVp5mFjPtE=";

    [TestMethod]
    public void HashPassword_PasswordOnStdin_PrintsHashWith600000IterationsThatVerifiesOnlyThatPassword()
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
        StringAssert.StartsWith(hash, "pbkdf2-sha256$600000$");
        Assert.IsTrue(PasswordHash.Verify("correct horse battery staple", hash));
        Assert.IsFalse(PasswordHash.Verify("correct horse battery stapler", hash));
    }

    [TestMethod]
    public void HashPassword_AtTerminal_DoesNotEchoThePassword()
    {
        // util-linux `script` gives the command a pseudo-terminal, as a person typing would have.
        var info = new ProcessStartInfo("script") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["-q", "-e", "-f", "-c", $"dotnet '{RepoPaths.RecsysDll}' hash-password", "/dev/null"])
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var terminal = new TerminalOutput(process.StandardOutput);
        terminal.WaitFor("Password: ");
        TypeLine(process, "blind-typed-secret");
        terminal.WaitFor("Repeat password: ");
        TypeLine(process, "blind-typed-secret");
        Assert.IsTrue(process.WaitForExit(60_000), "hash-password did not exit:\n" + terminal.Text);
        var output = terminal.Text;

        Assert.AreEqual(0, process.ExitCode, output);
        Assert.DoesNotContain("blind-typed-secret", output, "the password was echoed to the terminal");
        var hash = HashPattern().Match(output);
        Assert.IsTrue(hash.Success, "no hash printed:\n" + output);
        Assert.IsTrue(PasswordHash.Verify("blind-typed-secret", hash.Value));
    }

    [TestMethod]
    public void Verify_StoredHashWith210000Iterations_StillMatches()
    {
        Assert.IsTrue(PasswordHash.IsWellFormed(Stored210000Hash));
        Assert.IsTrue(PasswordHash.Verify("old-stored-pw", Stored210000Hash));
        Assert.IsFalse(PasswordHash.Verify("old-stored-pw2", Stored210000Hash));
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

    private static void TypeLine(Process process, string line)
    {
        // The prompt is written just before the key reading switches echo off; typing before that would let the
        // terminal itself echo, so give the reader a moment as a person would.
        Thread.Sleep(TimeSpan.FromSeconds(1));
        process.StandardInput.Write(line + "\r");
        process.StandardInput.Flush();
    }

    [GeneratedRegex(@"pbkdf2-sha256\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+")]
    private static partial Regex HashPattern();
}
