using System.Globalization;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RecsysBatch.Core;
using RecsysBatch.Jobs.Runs;
using RecsysBatch.Jobs.Scheduling;

namespace RecsysBatch.Host;

/// <summary>
/// POST /admin/runs and /admin/backfill: what an admin (or a script with admin credentials) uses to start runs of a
/// configured schedule outside its cron, without opening the dashboard.
/// </summary>
internal static class AdminEndpoints
{
    public const string AdminPolicy = "recsys-admin";
    public const string ViewerPolicy = "recsys-viewer";

    /// <summary>
    /// Header every admin POST must carry (any value). A browser sends a custom header cross-site only after a CORS
    /// preflight this server never grants, so a page on another site cannot start runs with an admin's cached Basic
    /// credentials or a local admin's loopback rights (cross-site request forgery).
    /// </summary>
    public const string RequestHeader = "X-Recsys-Admin";

    /// <summary>The admin actions, all POST, by their path under /admin.</summary>
    private static readonly string[] PostPaths = ["runs", "backfill"];

    public static void MapRecsysAdmin(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin").RequireAuthorization(AdminPolicy);
        admin.MapPost("/runs", Trigger).AddEndpointFilter(RequireHeader);
        admin.MapPost("/backfill", Backfill).AddEndpointFilter(RequireHeader);

        // Without an endpoint for every other method and path, routing answers a GET of /admin/runs 405 before
        // authorization runs, telling anyone what exists; with this one an anonymous caller always gets the 401
        // challenge, and only an admin learns 405 (or 404).
        admin.Map("/{**rest}", NoSuchAction);
    }

    private static async ValueTask<object?> RequireHeader(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Request.Headers.ContainsKey(RequestHeader)
            ? await next(context)
            : Results.Json(new ErrorResponse($"admin requests must carry the header {RequestHeader} (any value): it keeps other sites from posting here."), statusCode: StatusCodes.Status403Forbidden);

    private static IResult NoSuchAction(string? rest, HttpResponse response)
    {
        var path = (rest ?? "").TrimEnd('/');
        if (PostPaths.Contains(path, StringComparer.Ordinal))
        {
            response.Headers.Allow = HttpMethods.Post;
            return Results.Json(new ErrorResponse($"/admin/{path} takes POST only."), statusCode: StatusCodes.Status405MethodNotAllowed);
        }

        return Results.Json(new ErrorResponse($"no admin action '/admin/{LogText.Sanitize(path)}'; there are {string.Join(" and ", PostPaths.Select(p => "POST /admin/" + p))}."), statusCode: StatusCodes.Status404NotFound);
    }

    private static IResult Trigger(string? schedule, string? asOf, ScheduleCatalog catalog, IBackgroundJobClient client, TimeProvider time)
    {
        if (Lookup(catalog, schedule) is not { } definition)
        {
            return UnknownSchedule(schedule);
        }

        if (!TryParseDate(asOf, "asOf", optional: true, out var date, out var error))
        {
            return error;
        }

        // Refused here, before a job exists: enqueued, it would only fail when it begins.
        if (FutureDate(date, "asOf", time) is { } future)
        {
            return future;
        }

        var jobId = RunChain.Trigger(client, RunLaunch.From(definition, date));
        return Results.Json(new TriggerResponse(definition.Id, date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), jobId));
    }

    private static IResult Backfill(string? schedule, string? from, string? to, ScheduleCatalog catalog, IBackgroundJobClient client, TimeProvider time)
    {
        if (Lookup(catalog, schedule) is not { } definition)
        {
            return UnknownSchedule(schedule);
        }

        if (!TryParseDate(from, "from", optional: false, out var first, out var error)
            || !TryParseDate(to, "to", optional: false, out var last, out error))
        {
            return error;
        }

        if (FutureDate(last, "to", time) is { } future)
        {
            return future;
        }

        if (SnapshotDates.DaysBetween(first!.Value, last!.Value) > SnapshotDates.MaxBackfillDays)
        {
            return BadRequest($"backfill {from}..{to} spans more than {SnapshotDates.MaxBackfillDays} days; split it.");
        }

        try
        {
            var jobIds = RunChain.Backfill(client, RunLaunch.From(definition), first.Value, last.Value);
            return Results.Json(new BackfillResponse(definition.Id, jobIds));
        }
        catch (RecsysException ex)
        {
            return BadRequest(ex.Message);
        }
    }

    private static ScheduleDefinition? Lookup(ScheduleCatalog catalog, string? id) =>
        string.IsNullOrWhiteSpace(id) ? null : catalog.Find(id);

    private static IResult UnknownSchedule(string? id) => string.IsNullOrWhiteSpace(id)
        ? BadRequest("the query parameter 'schedule' (a schedule id) is required.")
        : Results.Json(new ErrorResponse($"unknown schedule '{id}'."), statusCode: StatusCodes.Status404NotFound);

    private static bool TryParseDate(string? text, string name, bool optional, out DateOnly? date, out IResult error)
    {
        date = null;
        error = Results.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            if (!optional)
            {
                error = BadRequest($"the query parameter '{name}' (YYYY-MM-DD) is required.");
            }

            return optional;
        }

        if (SnapshotDates.TryParse(text, out var parsed))
        {
            date = parsed;
            return true;
        }

        error = BadRequest($"{name} '{text}' is not a date YYYY-MM-DD.");
        return false;
    }

    private static IResult? FutureDate(DateOnly? date, string name, TimeProvider time)
    {
        try
        {
            AsOfLimit.Check(date, time, name);
            return null;
        }
        catch (RecsysException ex)
        {
            return BadRequest(ex.Message);
        }
    }

    private static IResult BadRequest(string message) => Results.Json(new ErrorResponse(message), statusCode: StatusCodes.Status400BadRequest);

    private sealed record TriggerResponse(string Schedule, string? AsOf, string JobId);

    private sealed record BackfillResponse(string Schedule, IReadOnlyList<string> JobIds);

    private sealed record ErrorResponse(string Error);
}
