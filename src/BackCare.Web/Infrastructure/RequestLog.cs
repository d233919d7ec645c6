using System.Diagnostics;

namespace BackCare.Web.Infrastructure;

/// <summary>
/// One structured line per request at Debug: method, the route template (such as <c>/calendar/{token}.ics</c>, never
/// the path itself), status and time. Paths and query strings can carry secrets (the calendar token, a reset code),
/// so they are never logged; ASP.NET Core's own request lines, which hold the full URL, are held at Warning.
/// </summary>
internal static partial class RequestLog
{
    public const string Category = "BackCare.Web.Requests";

    /// <summary>Framework categories that log the raw path or query at Information or Debug.</summary>
    public static readonly string[] PathLoggingCategories =
    [
        "Microsoft.AspNetCore.Hosting.Diagnostics",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.StaticFiles",
        "Microsoft.AspNetCore.HttpLogging",
        "Microsoft.AspNetCore.HttpsPolicy",
        "Microsoft.AspNetCore.Server.Kestrel",
    ];

    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        return app.Use(async (context, next) =>
        {
            if (!logger.IsEnabled(LogLevel.Debug))
            {
                await next(context);
                return;
            }

            var started = Stopwatch.GetTimestamp();
            await next(context);
            var route = context.GetEndpoint() switch
            {
                RouteEndpoint endpoint => "/" + endpoint.RoutePattern.RawText?.TrimStart('/'),
                { DisplayName: { } name } => name,
                _ => "(no endpoint)",
            };
            LogRequest(logger, context.Request.Method, route, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        });
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Route} answered {Status} in {ElapsedMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string route, int status, double elapsedMs);
}
