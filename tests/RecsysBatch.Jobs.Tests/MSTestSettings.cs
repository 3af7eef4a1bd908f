// Runs write DuckDB files and artefact folders; two classes at a time suits the 2-core machines.
[assembly: Parallelize(Scope = ExecutionScope.ClassLevel, Workers = 2)]
