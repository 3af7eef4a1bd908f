// Each class starts its own `recsys serve` processes; two classes at a time suit the 2-core machines.
[assembly: Parallelize(Scope = ExecutionScope.ClassLevel, Workers = 2)]
