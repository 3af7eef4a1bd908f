using RecsysBatch.Benchmarks;

// dotnet run -c Release --project tests/RecsysBatch.Benchmarks -- <benchmark> [options]
return args.FirstOrDefault() switch
{
    "ingest-featurize" => await IngestFeaturizeBenchmark.RunAsync(args[1..]),
    "ingest-featurize-child" => await IngestFeaturizeBenchmark.ChildAsync(args[1..]),
    "mf-sgd" => MfSgdBenchmark.Run(args[1..]),
    "mf-als" => MfAlsBenchmark.Run(args[1..]),
    "als-sweep" => AlsSweepBenchmark.Run(args[1..]),
    "mf-topk" => MfTopKBenchmark.Run(args[1..]),
    "mf-vs-libmf" => MfLibmfBenchmark.Run(args[1..]),
    "rank-throughput" => RankThroughputBenchmark.Run(args[1..]),
    "influence-sweep" => await InfluenceSweepBenchmark.RunAsync(args[1..]),
    "checkpoint-save" => await CheckpointSaveBenchmark.RunAsync(args[1..]),
    "nightly-scale" => await NightlyScaleBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: RecsysBatch.Benchmarks BENCHMARK [options]
          ingest-featurize [--events N] [--runs R] [--data DIR]
          mf-sgd   [--ratings 10000000] [--users 71567] [--items 10681] [--rank 32] [--threads 2] [--epochs 10]
          mf-als   [--cells 5000000] [--users 200000] [--items 50000] [--rank 32] [--threads 2] [--iterations 5]
          als-sweep [--users 43500] [--items 20000] [--nnz 2000000] [--rank 32] [--threads 2] [--runs 5]
          mf-topk  [--users 100000] [--items 50000] [--rank 32] [--k 100] [--seen 20] [--threads 2] [--runs 3] [--batch 256[,1024...]]
          mf-vs-libmf [--ratings 10000000] [--users 71567] [--items 10681] [--rank 32] [--epochs 20] [--lambda 0.05] [--threads 2] [--runs 3]
                      [--recsys A.dll[,B.dll]] [--libmf /work/libmf] [--data /work/scale/mfeval] [--days 365] [--horizon 7]
          rank-throughput [--rows 200000] [--batch 1024] [--threads 2] [--runs 5]
          influence-sweep [--seeds 20] [--first-seed 1] [--users 2000]
          checkpoint-save [--runs 3] [--pipeline pipelines/nightly.pipeline.json]
          nightly-scale [--events 10000000] [--items 20000] [--runs 3] [--data DIR] [--input EVENTS.csv] [--pipeline pipelines/nightly.pipeline.json] [--recsys recsys.dll] [--compare OTHER/recsys.dll]
        """);
    return 2;
}
