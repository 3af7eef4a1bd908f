// End-to-end tests start processes and write DuckDB files; two at a time suits the 2-core machines.
[assembly: Parallelize(Scope = ExecutionScope.ClassLevel, Workers = 2)]
