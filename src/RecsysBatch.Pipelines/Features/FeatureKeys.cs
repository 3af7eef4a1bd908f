namespace RecsysBatch.Pipelines.Features;

/// <summary>Names of what the featurize stage saves with the run: its transform files and the columns of its feature frames (<see cref="FeatureColumnSet.ToFrame"/>).</summary>
public static class FeatureKeys
{
    /// <summary>File of the fitted ML.NET transform of the user frame, under ArtifactsDirectory/featurize/.</summary>
    public const string UserTransformFile = "user_features.transform.zip";

    /// <summary>File of the fitted ML.NET transform of the item frame, under ArtifactsDirectory/featurize/.</summary>
    public const string ItemTransformFile = "item_features.transform.zip";

    /// <summary>Name of the float vector column the transforms produce.</summary>
    public const string FeaturesColumn = "Features";

    /// <summary>Dense user key column of the user frame (IdMap key of RunData.Events.Users).</summary>
    public const string UserKeyColumn = "user_key";

    /// <summary>Dense item key column of the item frame (IdMap key of RunData.Events.Items).</summary>
    public const string ItemKeyColumn = "item_key";
}
