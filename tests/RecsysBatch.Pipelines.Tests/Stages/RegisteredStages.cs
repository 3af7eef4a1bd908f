using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Tests.Stages;

/// <summary>The stages <see cref="PipelinesServiceCollectionExtensions.AddRecsysPipelines"/> registers, in registration order, with null loggers.</summary>
internal static class RegisteredStages
{
    public static IReadOnlyList<IPipelineStage> All() =>
    [
        .. new ServiceCollection().AddRecsysPipelines()
            .Where(d => d.ServiceType == typeof(IPipelineStage))
            .Select(d => Create(d.ImplementationType!)),
    ];

    private static IPipelineStage Create(Type type)
    {
        var logger = typeof(NullLogger<>).MakeGenericType(type).GetField(nameof(NullLogger<object>.Instance))!.GetValue(null);
        return (IPipelineStage)Activator.CreateInstance(type, logger)!;
    }
}
