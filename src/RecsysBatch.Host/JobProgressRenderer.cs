using System.Globalization;
using System.Net;
using Hangfire.Common;
using Hangfire.Dashboard;
using RecsysBatch.Jobs.Scheduling;

namespace RecsysBatch.Host;

/// <summary>
/// The "Progress" block of a chain job's page on the dashboard (/hangfire/jobs/details/ID): the step's percent as a
/// bar, its latest detail (rows done / total) and when it was written, from the job parameter <see
/// cref="JobProgress.Parameter"/>. Jobs without one (a run's start job, other jobs) get nothing.
/// </summary>
internal static class JobProgressRenderer
{
    /// <summary>Where the block goes among the job page's renderers (after Hangfire's own).</summary>
    public const int Order = 50;

    public static NonEscapedString? Render(JobDetailsRendererDto dto)
    {
        using var connection = dto.Page.Storage.GetConnection();
        var json = connection.GetJobParameter(dto.JobId, JobProgress.Parameter);
        return string.IsNullOrEmpty(json) ? null : new NonEscapedString(Html(SerializationHelper.Deserialize<JobProgressState>(json)));
    }

    /// <summary>The block's HTML; every text from the job is encoded.</summary>
    public static string Html(JobProgressState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var percent = Math.Clamp(state.Fraction, 0, 1) * 100;
        var detail = state.Detail is null ? "" : ": " + WebUtility.HtmlEncode(state.Detail);
        return string.Create(CultureInfo.InvariantCulture, $"""
            <h3 class="recsys-progress-title">Progress</h3>
            <div class="recsys-progress">
              <div class="progress"><div class="progress-bar" role="progressbar" aria-valuenow="{percent:F0}" aria-valuemin="0" aria-valuemax="100" style="width: {percent:F0}%">{percent:F0}%</div></div>
              <p><strong>{WebUtility.HtmlEncode(state.Stage)}</strong>{detail}</p>
              <p class="text-muted">updated {state.UpdatedUtc:yyyy-MM-dd HH:mm:ss} UTC</p>
            </div>
            """);
    }
}
