using System.CommandLine;
using System.CommandLine.Parsing;

namespace RecsysBatch.Cli;

/// <summary>
/// What is wrong with the command line, as one line for `recsys: error:` (exit 2), before any command runs.
/// System.CommandLine would print its errors and the whole help text to stdout and exit 1, which a nightly
/// script cannot tell from a failed run.
/// </summary>
internal static class ParseProblems
{
    /// <summary>The first problem with a hint naming the help to read, or null when the command line is fine.</summary>
    public static string? Describe(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        // The most specific first: a token nobody understood, then a bad value, then what is missing.
        var problem = UnknownOption(parse)
            ?? parse.UnmatchedTokens.Select(t => $"unknown command or argument '{t}'").FirstOrDefault()
            ?? parse.Errors.Select(e => e.Message).OrderBy(m => m.Contains("required", StringComparison.OrdinalIgnoreCase) ? 1 : 0).FirstOrDefault();
        return problem is null ? null : $"{problem.TrimEnd('.')} (see '{CommandPath(parse.CommandResult)} --help')";
    }

    /// <summary>
    /// An option the command does not have ends up as a positional value (`run --bogus` is a pipeline named
    /// "--bogus"), so no parse error names it: no value of this CLI starts with "--".
    /// </summary>
    private static string? UnknownOption(ParseResult parse)
    {
        var option = parse.Tokens
            .Where(t => t.Type == TokenType.Argument && t.Value.Length > 2 && t.Value.StartsWith("--", StringComparison.Ordinal))
            .Select(t => t.Value)
            .Concat(parse.UnmatchedTokens.Where(t => t.Length > 1 && t.StartsWith('-')))
            .FirstOrDefault();
        return option is null ? null : $"unknown option '{option}' for '{CommandPath(parse.CommandResult)}'";
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? at = result; at is not null; at = at.Parent)
        {
            if (at is CommandResult command)
            {
                names.Add(command.Command is RootCommand ? "recsys" : command.Command.Name);
            }
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
