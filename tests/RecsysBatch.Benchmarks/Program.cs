using RecsysBatch.Benchmarks;

// dotnet run -c Release --project tests/RecsysBatch.Benchmarks -- <benchmark> [options]
return args.FirstOrDefault() switch
{
    "ingest-featurize" => await IngestFeaturizeBenchmark.RunAsync(args[1..]),
    "ingest-featurize-child" => await IngestFeaturizeBenchmark.ChildAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: RecsysBatch.Benchmarks ingest-featurize [--events N] [--runs R] [--data DIR]");
    return 2;
}
