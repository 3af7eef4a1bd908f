using System.CommandLine;
using RecsysBatch.Host;

namespace RecsysBatch.Cli.Commands;

/// <summary>
/// `recsys hash-password`: reads a password from stdin (so it stays out of the shell history and the process list)
/// and prints the hash to put in Recsys:Serve:Dashboard:Users.
/// </summary>
internal static class HashPasswordCommand
{
    public static Command Create()
    {
        var command = new Command("hash-password", "Read a dashboard password from stdin, print its PBKDF2-SHA256 hash for Recsys:Serve:Dashboard:Users.");
        command.SetAction(_ =>
        {
            if (!Console.IsInputRedirected)
            {
                Console.Error.Write("Password: ");
            }

            var password = Console.In.ReadLine();
            if (string.IsNullOrEmpty(password))
            {
                return CommandErrors.Fail("hash-password: no password on stdin (e.g. `printf %s \"$PASSWORD\" | recsys hash-password`).", ExitCodes.InvalidInput);
            }

            Console.WriteLine(PasswordHash.Create(password));
            return ExitCodes.Success;
        });
        return command;
    }
}
