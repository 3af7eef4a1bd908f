using System.CommandLine;
using System.Text;
using RecsysBatch.Host;

namespace RecsysBatch.Cli.Commands;

/// <summary>
/// `recsys hash-password`: reads a password from stdin (so it stays out of the shell history and the process list)
/// and prints the hash to put in Recsys:Serve:Dashboard:Users. At a terminal the password is typed blind, twice.
/// </summary>
internal static class HashPasswordCommand
{
    private const string Usage = "`printf %s \"$PASSWORD\" | recsys hash-password`, or `dotnet run --project src/RecsysBatch.Cli -- hash-password` and type it";

    public static Command Create()
    {
        var command = new Command("hash-password", "Read a dashboard password from stdin, print its PBKDF2-SHA256 hash for Recsys:Serve:Dashboard:Users.");
        command.SetAction(_ =>
        {
            // Scripts and tests pipe the password in: a line, as before. A person at a terminal must not see it echoed
            // (someone behind them, a screen recording, a terminal's scrollback).
            var password = Console.IsInputRedirected ? Console.In.ReadLine() : ReadHidden("Password: ");
            if (string.IsNullOrEmpty(password))
            {
                return CommandErrors.Fail($"hash-password: no password on stdin (e.g. {Usage}).", ExitCodes.InvalidInput);
            }

            // Typed blind, a typo would go unnoticed until the login fails; the second entry catches it.
            if (!Console.IsInputRedirected && ReadHidden("Repeat password: ") != password)
            {
                return CommandErrors.Fail("hash-password: the two passwords differ; nothing printed.", ExitCodes.InvalidInput);
            }

            Console.WriteLine(PasswordHash.Create(password));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Reads a line key by key without echoing it; Backspace edits, Enter ends, Ctrl-D on an empty line gives null.</summary>
    private static string? ReadHidden(string prompt)
    {
        Console.Error.Write(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter || key.KeyChar is '\r' or '\n')
            {
                break;
            }

            if (key.KeyChar == '\x04' && text.Length == 0)
            {
                Console.Error.WriteLine();
                return null;
            }

            if (key.Key == ConsoleKey.Backspace || key.KeyChar == '\x7f')
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return text.ToString();
    }
}
