using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Reports;

/// <summary>A built report: the run it is about, its HTML, and the ids of its figures in page order.</summary>
public sealed record RunReportPage(JobRun Run, string Html, IReadOnlyList<string> FigureIds);
