namespace RecsysBatch.Pipelines.Features;

/// <summary>Keys under which the featurize stage leaves its results in the run's working store (RunData.Get).</summary>
public static class FeatureKeys
{
    /// <summary>Microsoft.Data.Analysis DataFrame, one row per user of user_features (same order); column user_key joins.</summary>
    public const string UserFrame = "featurize.user_frame";

    /// <summary>DataFrame, one row per item of item_features (same order); column item_key joins.</summary>
    public const string ItemFrame = "featurize.item_frame";

    /// <summary>The fitted ML.NET ITransformer of the user frame (also saved to <see cref="UserTransformFile"/>).</summary>
    public const string UserTransform = "featurize.user_transform";

    /// <summary>The fitted ML.NET ITransformer of the item frame (also saved to <see cref="ItemTransformFile"/>).</summary>
    public const string ItemTransform = "featurize.item_transform";

    /// <summary>File of the saved user transform, under ArtifactsDirectory/featurize/.</summary>
    public const string UserTransformFile = "user_features.transform.zip";

    /// <summary>File of the saved item transform, under ArtifactsDirectory/featurize/.</summary>
    public const string ItemTransformFile = "item_features.transform.zip";

    /// <summary>Name of the float vector column the transforms produce.</summary>
    public const string FeaturesColumn = "Features";

    /// <summary>Dense user key column of the user frame (IdMap key of RunData.Events.Users).</summary>
    public const string UserKeyColumn = "user_key";

    /// <summary>Dense item key column of the item frame (IdMap key of RunData.Events.Items).</summary>
    public const string ItemKeyColumn = "item_key";
}
