using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Cli.Tests;

/// <summary>
/// A test stage that takes memory 8 MB at a time (written, so it is resident) up to 512 MB: "ballast" reports its
/// progress after each block, "ballast_quiet" reports nothing and then waits on its cancellation token, so the memory
/// watchdog can stop it either way.
/// </summary>
internal sealed class BallastStage(string name) : IPipelineStage
{
    private const int Block = 8 << 20;
    private const int Blocks = 64;

    public string Name => name;

    public IReadOnlyList<TableSchema> OutputTables => [];

    public string? CannotApplyReason(StageContext context) => null;

    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var held = new List<byte[]>();
        for (var i = 0; i < Blocks; i++)
        {
            var block = GC.AllocateUninitializedArray<byte>(Block);
            block.AsSpan().Fill(1);
            held.Add(block);
            if (name == "ballast")
            {
                context.ReportRows(0, 1, "ballast", i + 1, Blocks, "blocks");
            }
        }

        if (name != "ballast")
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
        }

        GC.KeepAlive(held);
    }
}
