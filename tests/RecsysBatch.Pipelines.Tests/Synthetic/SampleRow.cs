using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Tests.Synthetic;

/// <summary>One parsed events.csv row: ids as their numeric part, time as whole UTC seconds, amount or null.</summary>
internal readonly record struct SampleRow(int User, int Item, int Category, EventType Type, DateTime Ts, decimal? Value);
